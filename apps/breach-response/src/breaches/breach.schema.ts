import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';
import type { BreachDeadlineKind, BreachRole, RiskLevel } from '@forewarn/contracts';
import type { HasOutbox } from '@forewarn/messaging';
import { aggregateSchema } from '@forewarn/aggregates';
import type { ChainHead } from '../timeline/domain/timeline-chain';
import type { BreachStatus } from './domain/breach-status';
import type { NotificationPhase, NotificationRecord } from './domain/breach-obligations';
import type { Art34Exemption } from './domain/data-subject-duty';

import { BREACH_NATURES, CIA_CLASSES, OTHER_BODIES, TOLD_STATES, YES_NO_UNKNOWN } from '@forewarn/contracts';
import type { OtherBody, ToldState, YesNoUnknown } from '@forewarn/contracts';

export { BREACH_NATURES, CIA_CLASSES, OTHER_BODIES, TOLD_STATES, YES_NO_UNKNOWN };
export type { OtherBody, ToldState, YesNoUnknown };

/** Who fills in the report, as the ICO form's "about you" asks. */
export interface Reporter {
  name: string;
  role?: string;
  email?: string;
  phone?: string;
}

export interface OtherAuthority {
  authority: string;
  country?: string;
  status: ToldState;
  at?: string;
  reference?: string;
}

export interface OtherBodyTold {
  body: OtherBody;
  name?: string;
  at?: string;
  reference?: string;
}

/** A customer notice requested from the notification service; deliveries come back keyed by `eventId`. */
export interface CustomerNotice {
  noticeId: string;
  eventId: string;
  phase: NotificationPhase;
  requestedAt: Date;
  requestedBy: string;
  message?: string;
}

/** A deadline that passed unmet, and the reason a responder gave for it. */
export interface MissedDeadline {
  kind: BreachDeadlineKind;
  dueAt: Date;
  missedAt: Date;
  reason?: string;
  reasonBy?: string;
  reasonAt?: Date;
}

/** A reminder sent to responders; one per deadline due time and offset. */
export interface EscalationSent {
  kind: BreachDeadlineKind;
  dueAt: Date;
  hoursBefore: number;
  at: Date;
}

/** A timeline entry written with the state change that caused it, waiting to join the hash chain. */
export interface PendingTimelineEntry {
  entryId: string;
  at: Date;
  actor: string;
  kind: string;
  text: string;
}

/**
 * A personal-data breach: the facts the ICO form asks for, its state, the notifications given
 * beside it and what the clocks did. Writes are guarded by `version` (optimistic concurrency), so
 * whole arrays can be `$set` without positional operators FerretDB lacks.
 */
@Schema({ collection: 'breaches', versionKey: false })
export class Breach implements HasOutbox {
  @Prop({ required: true, unique: true }) reference!: string;
  @Prop({ required: true }) title!: string;
  @Prop({ required: true }) description!: string;
  @Prop() awareAt?: Date;
  @Prop() occurredAt?: Date;
  @Prop() occurredUntil?: Date;
  @Prop() howDiscovered?: string;
  @Prop({ type: String, enum: YES_NO_UNKNOWN, default: 'unknown' }) cyberIncident!: YesNoUnknown;
  @Prop({ type: String, enum: YES_NO_UNKNOWN, default: 'unknown' }) staffInvolved!: YesNoUnknown;
  @Prop({ type: [String], default: [] }) nature!: string[];
  @Prop({ type: [String], default: [] }) ciaClassification!: string[];
  @Prop({ type: [String], default: [] }) dataCategories!: string[];
  @Prop({ required: true }) specialCategoryData!: boolean;
  @Prop({ type: [String], default: [] }) specialCategories!: string[];
  @Prop({ type: [String], default: [] }) dataSubjectCategories!: string[];
  @Prop({ required: true }) approxDataSubjects!: number;
  @Prop({ required: true }) approxRecords!: number;
  @Prop({ type: String, required: true }) role!: BreachRole;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) affectedCustomerIds!: string[] | 'all';
  @Prop() likelyConsequences?: string;
  @Prop() measures?: string;
  @Prop() measuresBefore?: string;
  @Prop() measuresAfter?: string;
  @Prop() othersInformed?: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) reporter?: Reporter;
  /** Whether the staff handling the data had data protection training in the last two years. */
  @Prop({ type: String, enum: YES_NO_UNKNOWN, default: 'unknown' }) staffTrained!: YesNoUnknown;
  @Prop({ type: String, enum: YES_NO_UNKNOWN, default: 'unknown' }) crossBorderProcessing!: YesNoUnknown;
  @Prop() leadAuthority?: string;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) otherAuthorities!: OtherAuthority[];
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) otherBodies!: OtherBodyTold[];
  @Prop({ type: String }) riskLevel?: RiskLevel;
  @Prop() riskReason?: string;
  /** Why the data subjects were not told although the risk is high (Art. 34(3)); the last one recorded stands. */
  @Prop({ type: MongooseSchema.Types.Mixed }) art34Exemption?: Art34Exemption;
  @Prop({ type: String, required: true }) status!: BreachStatus;
  @Prop() statusReason?: string;
  @Prop() closedAt?: Date;
  @Prop() authorityReportDueAt?: Date;
  @Prop() customerNoticeDueAt?: Date;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) notifications!: NotificationRecord[];
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) customerNotices!: CustomerNotice[];
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) missedDeadlines!: MissedDeadline[];
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) escalations!: EscalationSent[];
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) timelinePending!: PendingTimelineEntry[];
  /** The last link of the timeline, recorded with each entry chained: deleting or rewriting entries cannot hide. */
  @Prop({ type: MongooseSchema.Types.Mixed }) timelineHead?: ChainHead;
  /** The customer-notice SLA in force when the breach was logged: a later change of the setting does not move its clock. */
  @Prop() customerNoticeSlaHours?: number;
  @Prop({ required: true }) reportedAt!: Date;
  @Prop({ required: true }) reportedBy!: string;
  @Prop({ required: true }) updatedAt!: Date;
  @Prop({ required: true, default: 0 }) version!: number;
  outbox!: HasOutbox['outbox'];
}

export type BreachDocument = HydratedDocument<Breach>;
export const BreachSchema = aggregateSchema(SchemaFactory.createForClass(Breach));
// The register lists breaches newest first (optionally by status); the timeline relay sweeps the
// breaches with entries still to write.
BreachSchema.index({ reportedAt: -1 });
BreachSchema.index({ status: 1, reportedAt: -1 });
BreachSchema.index({ 'timelinePending.0': 1 }, { sparse: true });

/** The facts about the data at risk that Art. 33(3)(a) asks every notice and report to give. */
const DATA_AT_RISK = [
  'nature',
  'ciaClassification',
  'dataCategories',
  'specialCategoryData',
  'specialCategories',
  'dataSubjectCategories',
  'approxDataSubjects',
  'approxRecords',
] as const;

export function dataAtRiskOf(b: Breach): Pick<Breach, (typeof DATA_AT_RISK)[number]> {
  return Object.fromEntries(DATA_AT_RISK.map((k) => [k, b[k]])) as Pick<Breach, (typeof DATA_AT_RISK)[number]>;
}
