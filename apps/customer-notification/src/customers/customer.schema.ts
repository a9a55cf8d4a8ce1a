import { randomUUID } from 'node:crypto';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import { aggregateSchema } from '@forewarn/aggregates';
import { AUTHORISATION_KINDS, AuthorisationKind } from '@forewarn/contracts';

/** Kinds of service message a contact can be chosen to receive (there is no opting out of them). */
export const NOTICE_TOPICS = ['subprocessor-changes', 'breaches'] as const;
export type NoticeTopic = (typeof NOTICE_TOPICS)[number];

export const CUSTOMER_STATUSES = ['active', 'inactive'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

@Schema({ _id: false, versionKey: false })
export class Contact {
  @Prop({ required: true, default: () => randomUUID() }) id!: string;
  @Prop({ required: true }) name!: string;
  /** Normalised (see `normaliseEmail`): the domain lowercased, the local part as given. */
  @Prop({ required: true }) email!: string;
  @Prop({ type: [String], enum: NOTICE_TOPICS, default: () => [...NOTICE_TOPICS] }) receives!: NoticeTopic[];
  /** Contacts are deactivated, not deleted: deliveries and proof of notice name them. */
  @Prop({ required: true, default: true }) active!: boolean;
}
const ContactSchema = SchemaFactory.createForClass(Contact);

/**
 * What a customer's data processing agreement asks of subprocessor changes, where it differs from
 * the standard terms: a longer notice period, or specific prior authorisation.
 */
@Schema({ _id: false, versionKey: false })
export class CustomerTerms {
  @Prop({ required: true }) noticePeriodDays!: number;
  @Prop({ type: String, required: true, enum: AUTHORISATION_KINDS }) authorisation!: AuthorisationKind;
  @Prop({ required: true }) changedAt!: Date;
  @Prop({ required: true }) changedBy!: string;
}
const CustomerTermsSchema = SchemaFactory.createForClass(CustomerTerms);

/** A data controller the company processes personal data for, and whom to tell about it. */
@Schema({ collection: 'customers', versionKey: false })
export class Customer {
  /** A UUID string: other services and links carry it, and any string can be looked up safely. */
  @Prop({ type: String, default: () => randomUUID() }) _id!: string;
  @Prop({ required: true }) name!: string;
  /** The customer's id in the billing system; generated when none is given. Imports upsert by it. */
  @Prop({ required: true, unique: true }) externalId!: string;
  @Prop({ type: String, required: true, enum: CUSTOMER_STATUSES, default: 'active' }) status!: CustomerStatus;
  @Prop({ type: [ContactSchema], default: [] }) contacts!: Contact[];
  /** Absent: the standard terms (the registry's notice period, general authorisation). */
  @Prop({ type: CustomerTermsSchema }) terms?: CustomerTerms;
  /** Every terms the customer has had, oldest first. */
  @Prop({ type: [CustomerTermsSchema], default: undefined }) termsHistory?: CustomerTerms[];
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) createdBy!: string;
  @Prop() updatedAt?: Date;
  @Prop() updatedBy?: string;
}

export type CustomerDocument = HydratedDocument<Customer>;
export const CustomerSchema = aggregateSchema(SchemaFactory.createForClass(Customer));
// Fan-outs and the reconcile pass stream the active customers.
CustomerSchema.index({ status: 1 });
