import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { DELIVERY_SOURCE_TYPES } from '@forewarn/contracts';
import type { DeliverySourceType } from '../deliveries/delivery.schema';
import type { AttemptOutcome } from './domain/webhook-attempts';

/**
 * One notice for one endpoint: `_id` = `${eventId}:${endpointId}`, which is also its `webhook-id`,
 * so a redelivered event inserts nothing and a receiver can drop a repeated attempt. The body is
 * fixed at fan-out: every attempt sends the same bytes. Insert-only.
 */
@Schema({ collection: 'webhook_deliveries', versionKey: false })
export class WebhookDelivery {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, enum: DELIVERY_SOURCE_TYPES, required: true }) sourceType!: DeliverySourceType;
  @Prop({ required: true }) sourceId!: string;
  @Prop({ required: true }) sourceEventId!: string;
  @Prop({ required: true }) customerId!: string;
  @Prop({ required: true }) customerName!: string;
  @Prop({ required: true }) endpointId!: string;
  @Prop({ required: true }) url!: string;
  @Prop({ required: true }) type!: string;
  @Prop({ required: true }) body!: string;
  @Prop({ required: true }) createdAt!: Date;
}

/**
 * One attempt at a delivery: `_id` = `${deliveryId}#${n}`, read back by `_id` one number after
 * another. Insert-only, so the record of what an endpoint was sent and answered is never edited.
 */
@Schema({ collection: 'webhook_attempts', versionKey: false })
export class WebhookAttempt {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) deliveryId!: string;
  @Prop({ required: true }) attempt!: number;
  @Prop({ required: true }) at!: Date;
  @Prop({ required: true }) durationMs!: number;
  @Prop({ type: String, required: true }) outcome!: AttemptOutcome;
  @Prop() statusCode?: number;
  @Prop() error?: string;
  /** The ids of the secrets that signed it (two during a rotation's overlap). */
  @Prop({ type: [String], default: undefined }) signedWith?: string[];
  @Prop() nextAttemptAt?: Date;
}

/** Which deliveries an event made, a page per fan-out (NumberedPages): a proof reads them by `_id`. */
@Schema({ collection: 'webhook_fan_out_pages', versionKey: false })
export class WebhookFanOutPage {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) stream!: string;
  @Prop({ required: true }) n!: number;
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) rows!: unknown[];
  @Prop({ required: true }) writtenAt!: Date;
}

export const attemptIdOf = (deliveryId: string, attempt: number) => `${deliveryId}#${attempt}`;
export const webhookDeliveryIdOf = (eventId: string, endpointId: string) => `${eventId}:${endpointId}`;

export const WebhookDeliverySchema = SchemaFactory.createForClass(WebhookDelivery);
export const WebhookAttemptSchema = SchemaFactory.createForClass(WebhookAttempt);
export const WebhookFanOutPageSchema = SchemaFactory.createForClass(WebhookFanOutPage);
