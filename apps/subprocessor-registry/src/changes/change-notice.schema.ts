import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import type { SubprocessorSnapshot } from '@forewarn/contracts';
import { aggregateSchema } from '@forewarn/aggregates';
import type { HasOutbox } from '@forewarn/messaging';
import { CHANGE_STATUSES, ChangeKind, ChangeStatus } from './domain/change-notice';
import type { CustomerTermsReason } from './domain/notice-period';
import type { CustomerAuthorisation } from './domain/specific-authorisation';

/** One step of a change's life, for the compliance team's view. */
export interface ChangeHistoryEntry {
  action: 'drafted' | 'announced' | 'rescheduled' | 'cancelled' | 'effective' | 'held';
  at: Date;
  by: string;
  effectiveAt?: Date;
  previousEffectiveAt?: Date;
  reason?: string;
}

/** A change to the subprocessor list and the notice customers get about it. Stays small (one per change). */
@Schema({ collection: 'change_notices', versionKey: false })
export class ChangeNotice implements HasOutbox {
  @Prop({ type: String, required: true, enum: ['addition', 'replacement', 'removal', 'update'] }) kind!: ChangeKind;
  @Prop({ required: true, type: MongooseSchema.Types.ObjectId }) subprocessorId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId }) replacesSubprocessorId?: Types.ObjectId;
  @Prop({ required: true }) summary!: string;
  /** For an update: the new values of the material fields, applied at the effective date. */
  @Prop({ type: MongooseSchema.Types.Mixed }) proposed?: Record<string, unknown>;
  @Prop({ type: String, required: true, enum: CHANGE_STATUSES }) status!: ChangeStatus;
  @Prop({ required: true }) effectiveAt!: Date;
  @Prop() announcedAt?: Date;
  @Prop() announcedBy?: string;
  @Prop() noticePeriodDays?: number;
  /** The standard period when it was announced; shorter than `noticePeriodDays` when customers' terms set that. */
  @Prop() standardNoticePeriodDays?: number;
  /** Which customers' terms set `noticePeriodDays`, when they did. */
  @Prop({ type: MongooseSchema.Types.Mixed }) noticePeriodTerms?: CustomerTermsReason;
  /** The customers under specific authorisation asked to approve it, and where each stands. */
  @Prop({ type: [Object], default: undefined }) authorisations?: CustomerAuthorisation[];
  /** Its date came while customers' approval was awaited: it waits, announced, until none is. */
  @Prop() heldSince?: Date;
  @Prop() cancelledAt?: Date;
  @Prop() cancelReason?: string;
  @Prop() appliedAt?: Date;
  /** The timers this change has scheduled, so cancelling or moving it reaches exactly those. */
  @Prop({ type: [String], default: [] }) timerIds!: string[];
  /** `7d@<effectiveAt>` per reminder published: a timer firing twice publishes once. */
  @Prop({ type: [String], default: [] }) remindersSent!: string[];
  /** What customers were told, frozen at announcement. */
  @Prop({ type: MongooseSchema.Types.Mixed }) subprocessor?: SubprocessorSnapshot;
  @Prop({ type: MongooseSchema.Types.Mixed }) replacesSubprocessor?: SubprocessorSnapshot;
  @Prop({ type: [Object], default: [] }) history!: ChangeHistoryEntry[];
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) createdBy!: string;
  outbox!: HasOutbox['outbox'];
}

export type ChangeNoticeDocument = HydratedDocument<ChangeNotice>;
export const ChangeNoticeSchema = aggregateSchema(SchemaFactory.createForClass(ChangeNotice));
ChangeNoticeSchema.index({ status: 1, effectiveAt: 1 });
