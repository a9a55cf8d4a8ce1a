import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import { aggregateSchema } from '@forewarn/aggregates';

export const OBJECTION_STATUSES = ['open', 'resolved', 'withdrawn'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/**
 * A customer's objection to a change. `_id` is the objectionId of the notification service's
 * event, so a redelivered event hits the primary key and is recognised as already stored. Small
 * collection (objections are rare), so reading a change's objections by filter is fine.
 */
@Schema({ collection: 'objections', versionKey: false })
export class Objection {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) changeId!: string;
  @Prop({ required: true }) customerId!: string;
  @Prop({ required: true }) customerName!: string;
  @Prop({ required: true }) contactId!: string;
  @Prop() contactEmail?: string;
  @Prop() reason?: string;
  @Prop() receivedAt?: Date;
  @Prop({ type: String, required: true, enum: OBJECTION_STATUSES }) status!: ObjectionStatus;
  @Prop() resolvedAt?: Date;
  @Prop() resolvedBy?: string;
  @Prop() resolutionNote?: string;
  @Prop() withdrawnAt?: Date;
  @Prop() withdrawalReason?: string;
}

export type ObjectionDocument = HydratedDocument<Objection>;
export const ObjectionSchema = aggregateSchema(SchemaFactory.createForClass(Objection));
ObjectionSchema.index({ changeId: 1, receivedAt: 1 });
ObjectionSchema.index({ receivedAt: 1 });
