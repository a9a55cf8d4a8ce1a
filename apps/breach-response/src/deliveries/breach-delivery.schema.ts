import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const DELIVERY_STATUSES = ['sent', 'delivered', 'bounced', 'complained', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One step of one email about a breach notice, as the notification service reported it.
 * Insert-only under `_id: <deliveryId>:<status>`: a redelivered event collides and is dropped,
 * and counts are taken when the breach is read.
 */
@Schema({ collection: 'breach_deliveries', versionKey: false })
export class BreachDelivery {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true, index: true }) breachId!: string;
  /** The `customer-notice-requested` event the email was about. */
  @Prop({ required: true }) sourceEventId!: string;
  @Prop({ required: true }) deliveryId!: string;
  @Prop({ type: String, required: true }) status!: DeliveryStatus;
  @Prop({ required: true }) customerId!: string;
  @Prop({ required: true }) contactId!: string;
  @Prop({ required: true }) at!: Date;
  @Prop() detail?: string;
}

export const BreachDeliverySchema = SchemaFactory.createForClass(BreachDelivery);
