import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { aggregateSchema } from '@forewarn/aggregates';
import { ContactAnswer } from './contact-answer.schema';

/**
 * A customer's approval of a change it must specifically authorise, given by one of its contacts
 * through the signed link. Its `_id` is `${changeId}:${customerId}`: one approval per customer
 * and change, so a second (from any of its contacts) is a duplicate-key insert, the "already
 * approved" signal. The insert carries the `authorisation-given` event and its audit entry.
 */
@Schema({ collection: 'authorisation_approvals', versionKey: false })
export class Approval extends ContactAnswer {
  @Prop({ required: true }) givenAt!: Date;
}

export const approvalIdOf = (changeId: string, customerId: string) => `${changeId}:${customerId}`;
export const ApprovalSchema = aggregateSchema(SchemaFactory.createForClass(Approval));
