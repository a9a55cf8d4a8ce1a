import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { AUTHORISATION_KINDS, AuthorisationKind } from '@forewarn/contracts';

/**
 * What the registry knows of one customer's terms, projected from `customer.terms.v1` (the
 * notification service owns the directory). Only customers whose terms were ever set or who were
 * deactivated have one, so the collection stays small: customers without one have the standard
 * terms. `revision` orders the events; an older one changes nothing.
 */
@Schema({ collection: 'customer_terms', versionKey: false })
export class CustomerTerms {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) customerName!: string;
  @Prop() noticePeriodDays?: number;
  @Prop({ type: String, enum: AUTHORISATION_KINDS }) authorisation?: AuthorisationKind;
  @Prop({ required: true }) active!: boolean;
  @Prop({ required: true }) revision!: number;
  @Prop({ required: true }) updatedAt!: Date;
}

export const CustomerTermsSchema = SchemaFactory.createForClass(CustomerTerms);
// Announcements read the customers served now (on FerretDB a scan of this small collection).
CustomerTermsSchema.index({ active: 1 });
