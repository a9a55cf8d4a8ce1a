import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { DELIVERY_SOURCE_TYPES } from '@forewarn/contracts';

export type DeliverySourceType = (typeof DELIVERY_SOURCE_TYPES)[number];

/** The source id of the emails to public subscribers about a change: counted and listed apart
 *  from its customers' emails, which its progress and proof of notice are about. */
export const subscribersSourceIdOf = (sourceId: string): string => `${sourceId}/public`;

/**
 * What one event asks to be emailed: the template and the data every email of it shares, stored
 * once (`_id` = the event id) instead of in every delivery. Insert-only.
 */
@Schema({ collection: 'notices', versionKey: false })
export class OutgoingNotice {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true, enum: DELIVERY_SOURCE_TYPES }) sourceType!: DeliverySourceType;
  @Prop({ required: true }) sourceId!: string;
  @Prop({ required: true }) template!: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) data!: Record<string, unknown>;
  @Prop({ required: true }) createdAt!: Date;
}

/**
 * One email to one contact about one event. Inserted once under `_id` = `${sourceEventId}:${contactId}`
 * (a duplicate insert is the "already queued" signal) and never updated: what happened to it later
 * (sent, failed, delivered, bounced, complained) is a `DeliveryOutcome` of its own.
 */
@Schema({ collection: 'deliveries', versionKey: false })
export class Delivery {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true, enum: DELIVERY_SOURCE_TYPES }) sourceType!: DeliverySourceType;
  /** The change or breach the email is about. */
  @Prop({ required: true }) sourceId!: string;
  @Prop({ required: true }) sourceEventId!: string;
  @Prop({ required: true }) customerId!: string;
  @Prop({ required: true }) customerName!: string;
  @Prop({ required: true }) contactId!: string;
  @Prop({ required: true }) contactName!: string;
  @Prop({ required: true }) email!: string;
  @Prop({ required: true }) template!: string;
  /** The notice the email is rendered from, when it is not the one stored under its source event
   *  (a contact added later gets the notice as it stands now, under the original event's key). */
  @Prop() noticeId?: string;
  /** The signed link to the notice page, for change notices. */
  @Prop() noticeUrl?: string;
  /** For a public subscriber: the signed one-click link that ends the subscription (body and List-Unsubscribe header). */
  @Prop() unsubscribeUrl?: string;
  /** The email asks the customer to approve the change (it is under specific authorisation). */
  @Prop() asksAuthorisation?: boolean;
  /** The correlation id of the request that caused the email, so its logs join up. */
  @Prop() correlationId?: string;
  @Prop({ required: true }) createdAt!: Date;
}

export const OutgoingNoticeSchema = SchemaFactory.createForClass(OutgoingNotice);
export const DeliverySchema = SchemaFactory.createForClass(Delivery);
// The deliveries report filters by source, customer or source type (a responder's scope).
DeliverySchema.index({ sourceId: 1 });
DeliverySchema.index({ customerId: 1 });
DeliverySchema.index({ sourceType: 1 });
