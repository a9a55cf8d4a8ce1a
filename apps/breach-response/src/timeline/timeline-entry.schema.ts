import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { TimelineLink } from './domain/timeline-chain';

/**
 * One link of a breach's timeline, insert-only. `_id` is `<breachId>:<seq padded to 6>`, so two
 * writers racing for the same place collide on the primary key and the loser retries after it.
 */
@Schema({ collection: 'timeline_entries', versionKey: false })
export class TimelineEntry implements TimelineLink {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) breachId!: string;
  @Prop({ required: true }) seq!: number;
  @Prop({ required: true }) at!: Date;
  @Prop({ required: true }) actor!: string;
  @Prop({ required: true }) kind!: string;
  @Prop({ required: true }) text!: string;
  @Prop({ required: true }) prevHash!: string;
  @Prop({ required: true }) hash!: string;
  /** The pending entry this came from: a flush repeated after a crash recognises its own work. */
  @Prop({ required: true }) entryId!: string;
}

export const TimelineEntrySchema = SchemaFactory.createForClass(TimelineEntry);
export const timelineEntryId = (breachId: string, seq: number) => `${breachId}:${String(seq).padStart(6, '0')}`;
