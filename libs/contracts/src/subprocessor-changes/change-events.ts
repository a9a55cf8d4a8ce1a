import { IsDateTime } from '../envelope/date-time';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { SubprocessorSnapshot } from './subprocessor-snapshot';

/** Events on `subprocessor.changes.v1`, keyed by changeId. */
export const SubprocessorChangeEventTypes = {
  announced: 'com.forewarn.subprocessor.change.announced.v1',
  rescheduled: 'com.forewarn.subprocessor.change.rescheduled.v1',
  reminderDue: 'com.forewarn.subprocessor.change.reminder-due.v1',
  cancelled: 'com.forewarn.subprocessor.change.cancelled.v1',
  effective: 'com.forewarn.subprocessor.change.effective.v1',
} as const;

export const CHANGE_KINDS = ['addition', 'replacement', 'removal', 'update'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** What every event about a change repeats, so a consumer can word an email without asking. */
abstract class ChangeEventBase {
  @IsString() @IsNotEmpty() changeId!: string;
  @IsIn(CHANGE_KINDS) kind!: ChangeKind;
  @ValidateNested() @Type(() => SubprocessorSnapshot) subprocessor!: SubprocessorSnapshot;
  @IsOptional() @ValidateNested() @Type(() => SubprocessorSnapshot) replacesSubprocessor?: SubprocessorSnapshot;
  @IsString() @IsNotEmpty() summary!: string;
  @IsDateTime() announcedAt!: string;
  @IsDateTime() effectiveAt!: string;
  /** For an `update`: the new values of the fields that change (e.g. `locations`, `purpose`). */
  @IsOptional() @IsObject() proposed?: Partial<Omit<SubprocessorSnapshot, 'id'>>;
}

/** A change to the subprocessor list as it was announced to customers. */
export class SubprocessorChangeAnnounced extends ChangeEventBase {
  /** The period the change gives: the standard one, or the longest a customer's terms ask. */
  @IsInt() @Min(30) noticePeriodDays!: number;
  /** The period owed to a customer with no terms of its own (absent: `noticePeriodDays`). */
  @IsOptional() @IsInt() @Min(30) standardNoticePeriodDays?: number;
}

/** The change now takes effect at `effectiveAt` instead of `previousEffectiveAt`. */
export class SubprocessorChangeRescheduled extends ChangeEventBase {
  @IsDateTime() previousEffectiveAt!: string;
  @IsDateTime() rescheduledAt!: string;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

/** The reminder before the effective date is due now. */
export class SubprocessorChangeReminderDue extends ChangeEventBase {
  @IsInt() @Min(0) daysBefore!: number;
  /** Customers under specific authorisation whose approval is still awaited: their reminder asks for it again. */
  @IsOptional() @IsArray() @IsString({ each: true }) pendingAuthorisationCustomerIds?: string[];
}

/** The change will not happen. */
export class SubprocessorChangeCancelled extends ChangeEventBase {
  @IsDateTime() cancelledAt!: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

/** The registry applied the change: the public list now shows the new state. */
export class SubprocessorChangeEffective extends ChangeEventBase {
  @IsDateTime() appliedAt!: string;
}
