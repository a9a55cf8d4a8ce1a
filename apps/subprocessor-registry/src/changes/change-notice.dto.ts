import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsMongoId, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { CHANGE_KINDS, ChangeKind, SubprocessorSnapshot } from '@forewarn/contracts';
import type { ChangeStatus } from './domain/change-notice';
import type { ChangeNoticeDocument } from './change-notice.schema';

export class CreateChangeNoticeDto {
  @ApiProperty({ enum: CHANGE_KINDS }) @IsIn(CHANGE_KINDS) kind!: ChangeKind;
  @ApiProperty() @IsMongoId({ message: 'subprocessorId must be a subprocessor id' }) subprocessorId!: string;
  @ApiPropertyOptional({ description: 'Required for a replacement: the subprocessor being replaced' })
  @ValidateIf((dto: CreateChangeNoticeDto) => dto.kind === 'replacement' || dto.replacesSubprocessorId !== undefined)
  @IsMongoId({ message: 'replacesSubprocessorId must be a subprocessor id (required for a replacement)' })
  replacesSubprocessorId?: string;
  @ApiProperty({ example: '2027-01-15T00:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'effectiveAt must be an ISO 8601 date-time' })
  effectiveAt!: string;
  @ApiProperty({ example: 'We are adding Acme Hosting as a second data centre in the UK.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;
}

export class ListChangeNoticesQuery {
  @ApiPropertyOptional({ enum: ['draft', 'announced', 'effective', 'cancelled'] })
  @IsOptional()
  @IsIn(['draft', 'announced', 'effective', 'cancelled'])
  status?: ChangeStatus;
}

export interface ChangeNoticeView {
  id: string;
  kind: ChangeKind;
  subprocessorId: string;
  replacesSubprocessorId?: string;
  summary: string;
  status: ChangeStatus;
  effectiveAt: string;
  announcedAt?: string;
  noticePeriodDays?: number;
  subprocessor?: SubprocessorSnapshot;
  replacesSubprocessor?: SubprocessorSnapshot;
  objections: { id: string; status: string }[];
  createdAt: string;
  createdBy: string;
}

export function changeViewOf(doc: ChangeNoticeDocument): ChangeNoticeView {
  return {
    id: doc.id as string,
    kind: doc.kind,
    subprocessorId: doc.subprocessorId.toString(),
    ...(doc.replacesSubprocessorId ? { replacesSubprocessorId: doc.replacesSubprocessorId.toString() } : {}),
    summary: doc.summary,
    status: doc.status,
    effectiveAt: doc.effectiveAt.toISOString(),
    ...(doc.announcedAt ? { announcedAt: doc.announcedAt.toISOString(), noticePeriodDays: doc.noticePeriodDays } : {}),
    ...(doc.subprocessor ? { subprocessor: doc.subprocessor } : {}),
    ...(doc.replacesSubprocessor ? { replacesSubprocessor: doc.replacesSubprocessor } : {}),
    objections: [],
    createdAt: doc.createdAt.toISOString(),
    createdBy: doc.createdBy,
  };
}
