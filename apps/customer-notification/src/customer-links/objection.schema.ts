import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { aggregateSchema } from '@forewarn/aggregates';
import { ContactAnswer } from './contact-answer.schema';

/**
 * A contact's objection to a change, made through the signed link. Its `_id` is
 * `${changeId}:${contactId}`: one objection per contact per change, so a second submission (or a
 * double click) is a duplicate-key insert, the "already received" signal. The insert carries the
 * `objection-received` event and its audit entry, so the objection and both are stored together.
 */
@Schema({ collection: 'objections', versionKey: false })
export class Objection extends ContactAnswer {
  @Prop({ required: true }) reason!: string;
  @Prop({ required: true }) receivedAt!: Date;
}

export const objectionIdOf = (changeId: string, contactId: string) => `${changeId}:${contactId}`;
export const ObjectionSchema = aggregateSchema(SchemaFactory.createForClass(Objection));
