import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';
import { DELIVERY_SOURCE_TYPES } from '@forewarn/contracts';
import { DELIVERY_STATUSES, DeliveryStatus } from './domain/delivery-retry';

export type DeliverySourceType = (typeof DELIVERY_SOURCE_TYPES)[number];

/**
 * One email to one contact about one event, and the proof of it. Created once per
 * (event, contact) — the unique index is what makes redelivered events harmless — and never
 * deleted: it is the record of who was told what, and when.
 */
@Schema({ collection: 'deliveries', versionKey: false })
export class Delivery {
  @Prop({ type: String, required: true, enum: DELIVERY_SOURCE_TYPES }) sourceType!: DeliverySourceType;
  /** The change or breach the email is about. */
  @Prop({ required: true, index: true }) sourceId!: string;
  @Prop({ required: true }) sourceEventId!: string;
  @Prop({ required: true, index: true }) customerId!: string;
  @Prop({ required: true }) customerName!: string;
  @Prop({ required: true }) contactId!: string;
  @Prop({ required: true }) contactName!: string;
  @Prop({ required: true }) email!: string;
  @Prop({ required: true }) template!: string;
  /** What the template is rendered with, frozen when the event arrived. */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) templateData!: Record<string, unknown>;
  @Prop({ type: String, required: true, enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @Prop({ required: true, default: 0 }) attempts!: number;
  @Prop({ required: true }) nextAttemptAt!: Date;
  @Prop() lockedUntil?: Date;
  @Prop() templateVersion?: number;
  @Prop() subject?: string;
  /** When SES accepted the email. */
  @Prop() sentAt?: Date;
  @Prop({ index: true }) sesMessageId?: string;
  @Prop() lastError?: string;
  /** The correlation id of the request that caused the email, so its logs join up. */
  @Prop() correlationId?: string;
  @Prop({ required: true }) createdAt!: Date;
}

export type DeliveryDocument = HydratedDocument<Delivery>;
export const DeliverySchema = SchemaFactory.createForClass(Delivery);
DeliverySchema.index({ sourceEventId: 1, contactId: 1 }, { unique: true });
DeliverySchema.index({ status: 1, nextAttemptAt: 1 });
