import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { aggregateSchema } from '@forewarn/aggregates';
import { SUBSCRIPTION_STATUSES, SubscriptionStatus } from './domain/subscription';

/**
 * Someone who asked to be told of subprocessor changes without being a customer. `_id` is
 * `subscriberIdOf(email)`; written through the store, so every step (asked, confirmed, ended) is
 * audited: the audit trail is the record of consent.
 */
@Schema({ collection: 'subscribers', versionKey: false })
export class Subscriber {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) email!: string;
  @Prop({ type: String, enum: SUBSCRIPTION_STATUSES, required: true }) status!: SubscriptionStatus;
  @Prop({ type: [Date], default: [] }) confirmationsSentAt!: Date[];
  @Prop({ required: true }) createdAt!: Date;
  @Prop() confirmedAt?: Date;
  @Prop() unsubscribedAt?: Date;
  @Prop() updatedAt?: Date;
  version?: number;
}

export const SubscriberSchema = aggregateSchema(SchemaFactory.createForClass(Subscriber));
// The fan-out streams the confirmed subscribers.
SubscriberSchema.index({ status: 1 });
