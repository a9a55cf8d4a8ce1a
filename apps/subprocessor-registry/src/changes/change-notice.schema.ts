import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import type { ChangeKind, SubprocessorSnapshot } from '@forewarn/contracts';
import { HasOutbox, withOutbox } from '@forewarn/messaging';
import type { ChangeStatus } from './domain/change-notice';

/** A change to the subprocessor list and the notice customers get about it. */
@Schema({ collection: 'change_notices', versionKey: false })
export class ChangeNotice implements HasOutbox {
  @Prop({ type: String, required: true, enum: ['addition', 'replacement', 'removal', 'update'] }) kind!: ChangeKind;
  @Prop({ required: true, type: MongooseSchema.Types.ObjectId }) subprocessorId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId }) replacesSubprocessorId?: Types.ObjectId;
  @Prop({ required: true }) summary!: string;
  @Prop({ type: String, required: true, enum: ['draft', 'announced', 'effective', 'cancelled'], index: true }) status!: ChangeStatus;
  @Prop({ required: true }) effectiveAt!: Date;
  @Prop() announcedAt?: Date;
  @Prop() announcedBy?: string;
  @Prop() noticePeriodDays?: number;
  /** What customers were told, frozen at announcement. */
  @Prop({ type: MongooseSchema.Types.Mixed }) subprocessor?: SubprocessorSnapshot;
  @Prop({ type: MongooseSchema.Types.Mixed }) replacesSubprocessor?: SubprocessorSnapshot;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) createdBy!: string;
  outbox!: HasOutbox['outbox'];
}

export type ChangeNoticeDocument = HydratedDocument<ChangeNotice>;
export const ChangeNoticeSchema = withOutbox(SchemaFactory.createForClass(ChangeNotice));
