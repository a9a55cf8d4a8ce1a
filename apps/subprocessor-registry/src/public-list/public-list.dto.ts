import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { CHANGE_KINDS, IsDateTime } from '@forewarn/contracts';
import { ProposedValuesDto } from '../changes/change-notice.dto';
import { FEED_ACTIONS, ListEvent, UpcomingChange } from '../list-versions/domain/list-version';
import { SubprocessorSnapshotView } from '../subprocessors/subprocessor.dto';

const ISO_DATE_TIME = { type: 'string', format: 'date-time' } as const;

export class ListAsOfQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Show this numbered version of the list' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be at least 1' })
  version?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Show the list as it stood at this moment (with version: that version, only if it had been published by then)' })
  @IsOptional()
  @IsDateTime({ message: 'at must be an ISO 8601 date-time' })
  at?: string;
}

export class UpcomingChangeView implements UpcomingChange {
  @ApiProperty({ pattern: '^[0-9a-f]{24}$' }) id!: string;
  @ApiProperty({ enum: CHANGE_KINDS }) kind!: string;
  @ApiProperty() summary!: string;
  @ApiProperty(ISO_DATE_TIME) announcedAt!: string;
  @ApiProperty(ISO_DATE_TIME) effectiveAt!: string;
  @ApiProperty({ type: SubprocessorSnapshotView }) subprocessor!: SubprocessorSnapshotView;
  @ApiPropertyOptional({ type: SubprocessorSnapshotView }) replacesSubprocessor?: SubprocessorSnapshotView;
  @ApiPropertyOptional({ type: ProposedValuesDto, description: 'an update’s new values' }) proposed?: Record<string, unknown>;
}

export class ListEventView implements ListEvent {
  @ApiProperty({ enum: [...FEED_ACTIONS, 'imported', 'edited', 'reconciled'] }) action!: ListEvent['action'];
  @ApiPropertyOptional() changeId?: string;
  @ApiPropertyOptional({ enum: CHANGE_KINDS }) kind?: string;
  @ApiPropertyOptional() subprocessorName?: string;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional(ISO_DATE_TIME) effectiveAt?: string;
  @ApiPropertyOptional(ISO_DATE_TIME) previousEffectiveAt?: string;
  @ApiPropertyOptional() reason?: string;
}

export class PublicList {
  @ApiProperty({ type: [SubprocessorSnapshotView], description: 'in force: active, and retiring until their removal takes effect' })
  subprocessors!: SubprocessorSnapshotView[];
  @ApiProperty({ type: [UpcomingChangeView], description: 'announced, not yet effective' }) upcomingChanges!: UpcomingChangeView[];
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the version shown; absent before the first one' }) version?: number;
  @ApiPropertyOptional(ISO_DATE_TIME) lastUpdatedAt?: string;
  @ApiPropertyOptional({ type: ListEventView, description: 'what made this version (for a past version)' }) event?: ListEvent;
}

