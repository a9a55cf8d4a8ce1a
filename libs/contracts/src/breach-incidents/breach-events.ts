import { IsDateTime } from '../envelope/date-time';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** Events on `breach.incidents.v1`, keyed by breachId. */
export const BreachEventTypes = {
  reported: 'com.forewarn.breach.incident.reported.v1',
  assessed: 'com.forewarn.breach.incident.assessed.v1',
  customerNoticeRequested: 'com.forewarn.breach.incident.customer-notice-requested.v1',
  deadlineApproaching: 'com.forewarn.breach.incident.deadline-approaching.v1',
  deadlineMissed: 'com.forewarn.breach.incident.deadline-missed.v1',
  closed: 'com.forewarn.breach.incident.closed.v1',
  timelineHeadRecorded: 'com.forewarn.breach.incident.timeline-head-recorded.v1',
} as const;

export const BREACH_ROLES = ['controller', 'processor', 'both'] as const;
export type BreachRole = (typeof BREACH_ROLES)[number];
export const RISK_LEVELS = ['unlikely', 'risk', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** The two legal clocks: Art. 33(1) to the authority, Art. 33(2) to the controllers (customers). */
export const BREACH_DEADLINES = ['authority-report', 'customer-notice'] as const;
export type BreachDeadlineKind = (typeof BREACH_DEADLINES)[number];

/** Which notification of an obligation this is: the first, or an update with more facts. */
export const NOTICE_PHASES = ['initial', 'follow-up'] as const;
export type NoticePhase = (typeof NOTICE_PHASES)[number];

export class BreachDeadlines {
  @IsOptional() @IsDateTime() authorityReportDueAt?: string;
  @IsOptional() @IsDateTime() customerNoticeDueAt?: string;
}

abstract class BreachEventBase {
  @IsString() @IsNotEmpty() breachId!: string;
  @IsString() @IsNotEmpty() reference!: string;
}

/** Whom a breach affects: a list of customer ids, or every customer. */
const isCustomerList = (e: { affectedCustomerIds: unknown }) => e.affectedCustomerIds !== 'all';

export class BreachReported extends BreachEventBase {
  @IsString() @IsNotEmpty() title!: string;
  @IsIn(BREACH_ROLES) role!: BreachRole;
  @IsOptional() @IsIn(RISK_LEVELS) riskLevel?: RiskLevel;
  /** Absent when the breach is logged before awareness is established (it is then required to leave triage). */
  @IsOptional() @IsDateTime() awareAt?: string;
  @ValidateIf(isCustomerList) @IsArray() @IsString({ each: true }) affectedCustomerIds!: string[] | 'all';
  @ValidateNested() @Type(() => BreachDeadlines) deadlines!: BreachDeadlines;
  @IsDateTime() reportedAt!: string;
}

export class BreachAssessed extends BreachEventBase {
  @IsIn(BREACH_ROLES) role!: BreachRole;
  @IsIn(RISK_LEVELS) riskLevel!: RiskLevel;
  @ValidateNested() @Type(() => BreachDeadlines) deadlines!: BreachDeadlines;
  @IsDateTime() assessedAt!: string;
}

/** Everything Art. 33(3) asks a notice to contain, for the notification service to email. */
export class BreachCustomerNoticeRequested extends BreachEventBase {
  @IsString() @IsNotEmpty() title!: string;
  @IsString() @IsNotEmpty() description!: string;
  @IsArray() @IsString({ each: true }) nature!: string[];
  @IsArray() @IsString({ each: true }) dataCategories!: string[];
  @IsBoolean() specialCategoryData!: boolean;
  @IsInt() @Min(0) approxDataSubjects!: number;
  @IsInt() @Min(0) approxRecords!: number;
  @IsOptional() @IsString() likelyConsequences?: string;
  @IsOptional() @IsString() measures?: string;
  @IsDateTime() awareAt!: string;
  @IsOptional() @IsDateTime() occurredAt?: string;
  @ValidateIf(isCustomerList) @IsArray() @IsString({ each: true }) affectedCustomerIds!: string[] | 'all';
  @IsOptional() @IsString() @MaxLength(4000) message?: string;
  @IsString() @IsNotEmpty() contactPoint!: string;
  @IsDateTime() requestedAt!: string;
  /** The breach's own id for this notice (`BR-2026-0007-N1`); deliveries come back by this event's id. */
  @IsOptional() @IsString() @IsNotEmpty() noticeId?: string;
  @IsOptional() @IsIn(NOTICE_PHASES) phase?: NoticePhase;
  @IsOptional() @IsArray() @IsString({ each: true }) dataSubjectCategories?: string[];
  /** The end of the window when the breach happened over a period (`occurredAt` is its start). */
  @IsOptional() @IsDateTime() occurredUntil?: string;
  @IsOptional() @IsIn(RISK_LEVELS) riskLevel?: RiskLevel;
}

export class BreachDeadlineApproaching extends BreachEventBase {
  @IsIn(BREACH_DEADLINES) deadline!: BreachDeadlineKind;
  @IsDateTime() dueAt!: string;
  @IsDateTime() remindedAt!: string;
  /** For the responders' email: the breach title, the reminder's offset and the breach's state. */
  @IsOptional() @IsString() title?: string;
  @IsOptional() @IsNumber() @Min(0) hoursBefore?: number;
  @IsOptional() @IsString() status?: string;
}

export class BreachDeadlineMissed extends BreachEventBase {
  @IsIn(BREACH_DEADLINES) deadline!: BreachDeadlineKind;
  @IsDateTime() dueAt!: string;
  @IsDateTime() missedAt!: string;
  /** Absent when the deadline passes; a second event carries it once a responder gives it. */
  @IsOptional() @IsString() @MaxLength(4000) reason?: string;
  @IsOptional() @IsDateTime() reasonRecordedAt?: string;
  @IsOptional() @IsString() title?: string;
}

export class BreachClosed extends BreachEventBase {
  @IsIn(['closed', 'not-a-breach']) outcome!: 'closed' | 'not-a-breach';
  @IsOptional() @IsString() @MaxLength(4000) reason?: string;
  @IsDateTime() closedAt!: string;
}

/**
 * A breach's timeline gained entries and now ends at this link. Published so that a copy of every
 * head lives outside the breach database: a chain rewritten there whole no longer ends where it
 * was seen to. The event id is `<breachId>:timeline-head:<seq>`, the same on every redelivery.
 */
export class BreachTimelineHeadRecorded {
  @IsString() @IsNotEmpty() breachId!: string;
  @IsInt() @Min(1) seq!: number;
  @Matches(/^[0-9a-f]{64}$/) hash!: string;
  @IsDateTime() recordedAt!: string;
}
