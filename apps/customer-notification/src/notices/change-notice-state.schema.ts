import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { SubprocessorChangeAnnounced } from '@forewarn/contracts';

export const CHANGE_NOTICE_STATUSES = ['announced', 'effective', 'cancelled'] as const;
export type ChangeNoticeStatus = (typeof CHANGE_NOTICE_STATUSES)[number];

/**
 * What this service knows about one announced change, kept from the change events: one document
 * per change (`_id` = changeId), so the collection stays small and a read is by `_id`.
 */
@Schema({ collection: 'change_notices', versionKey: false })
export class ChangeNoticeState {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true, enum: CHANGE_NOTICE_STATUSES }) status!: ChangeNoticeStatus;
  @Prop({ required: true }) effectiveAt!: Date;
  /** The announcement as it stands now: the latest event's data over the original announcement. */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) announcement!: SubprocessorChangeAnnounced;
  /** The id of the announced event: late-added contacts get their notice under this event's key. */
  @Prop() announcedEventId?: string;
  @Prop({ required: true }) updatedAt!: Date;
}

export const ChangeNoticeStateSchema = SchemaFactory.createForClass(ChangeNoticeState);
// The pending notices (status announced) are read at start and by the reconcile pass.
ChangeNoticeStateSchema.index({ status: 1 });
