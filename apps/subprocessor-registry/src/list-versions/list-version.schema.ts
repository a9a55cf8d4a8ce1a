import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { SubprocessorSnapshot } from '@forewarn/contracts';
import type { ListEvent, UpcomingChange } from './domain/list-version';

/**
 * Insert-only: `_id` is the version number, so two writers racing for the same number collide on
 * the primary key and the loser takes the next one. Read by `_id`, except for a change's evidence bundle. The `_id` is the number
 * as a zero-padded string: FerretDB finds a string `_id` in ~10 ms at any size but scans for a
 * numeric one (~100 ms at 3,000 versions, measured); the padding keeps the sort order.
 */
@Schema({ collection: 'list_versions', versionKey: false })
export class ListVersionRecord {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) version!: number;
  @Prop({ required: true }) at!: Date;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) event!: ListEvent;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) subprocessors!: SubprocessorSnapshot[];
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) upcomingChanges!: UpcomingChange[];
}

export const ListVersionSchema = SchemaFactory.createForClass(ListVersionRecord);
// A change's evidence bundle finds the versions the change made (a scan on FerretDB; few versions).
ListVersionSchema.index({ 'event.changeId': 1 }, { sparse: true });

export const versionIdOf = (version: number): string => String(version).padStart(10, '0');
