import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { aggregateSchema } from '@forewarn/aggregates';
import { NOTICE_TOPICS, NoticeTopic } from '../customers/customer.schema';
import type { EndpointSecret } from './domain/endpoint-secrets';

export const ENDPOINT_STATUSES = ['active', 'removed'] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

/**
 * A customer's HTTPS endpoint for notices by machine. Its URL never changes (a new URL is a new
 * endpoint, so what a proof says was delivered where stays true); removal keeps the record for
 * the proofs that name it. A small collection: one document per endpoint, read whole per notice.
 */
@Schema({ collection: 'webhook_endpoints', versionKey: false })
export class WebhookEndpoint {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) customerId!: string;
  @Prop({ required: true }) url!: string;
  @Prop({ type: [String], enum: NOTICE_TOPICS, required: true }) notices!: NoticeTopic[];
  @Prop({ maxlength: 200 }) description?: string;
  /** Sealed with WEBHOOK_SECRETS_KEY; newest first. Never returned by the API after the answer that created it. */
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) secrets!: EndpointSecret[];
  @Prop({ type: String, enum: ENDPOINT_STATUSES, required: true }) status!: EndpointStatus;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) createdBy!: string;
  @Prop() updatedAt?: Date;
  @Prop() removedAt?: Date;
  @Prop() removedBy?: string;
  version?: number;
}

export const WebhookEndpointSchema = aggregateSchema(SchemaFactory.createForClass(WebhookEndpoint));
WebhookEndpointSchema.index({ customerId: 1 });
WebhookEndpointSchema.index({ status: 1 });
