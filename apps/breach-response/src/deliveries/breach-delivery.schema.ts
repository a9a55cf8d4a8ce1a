import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const DELIVERY_STATUSES = ['sent', 'delivered', 'bounced', 'complained', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One step of one email about a breach notice, as the notification service reported it.
 * Insert-only under `_id: <deliveryId>:<status>`: a redelivered event collides and is dropped.
 * These records are the evidence; the counts a breach shows come from `NoticeDeliveryTally`.
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

/**
 * Running counts for one notice (`_id`: the `customer-notice-requested` event id), bumped once per
 * counted step. Reading a breach then costs one read by `_id` per notice instead of a scan of
 * every step of every breach (tens of thousands after one large notice).
 */
@Schema({ collection: 'breach_notice_tallies', versionKey: false })
export class NoticeDeliveryTally {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) breachId!: string;
  @Prop({ default: 0 }) sent!: number;
  @Prop({ default: 0 }) delivered!: number;
  @Prop({ default: 0 }) bounced!: number;
  @Prop({ default: 0 }) complained!: number;
  @Prop({ default: 0 }) failed!: number;
  @Prop({ default: 0 }) customers!: number;
  @Prop({ default: 0 }) contacts!: number;
  /** Bumped by every count: the guard of the next one. */
  @Prop({ default: 0 }) version!: number;
  /** The last steps counted, so a repeated step is not counted twice. */
  @Prop({ type: [String], default: [] }) recent!: string[];
}

export const NoticeDeliveryTallySchema = SchemaFactory.createForClass(NoticeDeliveryTally);

/** First-seen marks (`contact:<notice>:<customer>/<contact>`, `customer:<notice>:<customer>`, `reached:<notice>:<customer>`). */
@Schema({ collection: 'breach_notice_marks', versionKey: false })
export class NoticeDeliveryMark {
  @Prop({ type: String, required: true }) _id!: string;
  /** `reached` marks the first email of a notice SES accepted for a customer; it is not a count. */
  @Prop({ type: String, required: true }) kind!: 'contacts' | 'customers' | 'reached';
  /** The step that set the mark: a retry of that step knows it counted the contact (or customer). */
  @Prop() firstStep?: string;
}

export const NoticeDeliveryMarkSchema = SchemaFactory.createForClass(NoticeDeliveryMark);
