import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { SubprocessorSnapshot } from './subprocessor-snapshot';

/** Events on `subprocessor.changes.v1`, keyed by changeId. */
export const SubprocessorChangeEventTypes = {
  announced: 'com.forewarn.subprocessor.change.announced.v1',
} as const;

export const CHANGE_KINDS = ['addition', 'replacement', 'removal', 'update'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** A change to the subprocessor list as it was announced to customers. */
export class SubprocessorChangeAnnounced {
  @IsString() @IsNotEmpty() changeId!: string;
  @IsIn(CHANGE_KINDS) kind!: ChangeKind;
  @ValidateNested() @Type(() => SubprocessorSnapshot) subprocessor!: SubprocessorSnapshot;
  @IsOptional() @ValidateNested() @Type(() => SubprocessorSnapshot) replacesSubprocessor?: SubprocessorSnapshot;
  @IsString() @IsNotEmpty() summary!: string;
  @IsISO8601({ strict: true }) announcedAt!: string;
  @IsISO8601({ strict: true }) effectiveAt!: string;
  @IsInt() @Min(30) noticePeriodDays!: number;
}
