import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsDateTime } from '@forewarn/contracts';
import type { AuditEntry } from './domain/audit-entry';

export const AUDIT_PAGE_MAX = 1000;

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Kind of entity, e.g. `change-notice`, `breach`, `customer`', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional({ description: "The entity's id (any string; not necessarily an ObjectId)", maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @ApiPropertyOptional({ description: 'Who did it: `user:<sub>`, `contact:<id>` or `system:<service>`', example: 'user:alice', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'Entries at or after this time (ISO 8601)', format: 'date-time', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsDateTime({ message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Entries at or before this time (ISO 8601)', format: 'date-time', example: '2026-12-31T23:59:59Z' })
  @IsOptional()
  @IsDateTime({ message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'At most this many entries', minimum: 1, maximum: AUDIT_PAGE_MAX, default: 100, type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
}

export class AuditEntryView {
  @ApiProperty({ description: 'a UUID, or a deterministic id for an entry recorded once per event (e.g. breach-delivery:<breach>:<email>:sent)' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'user:alice' }) actor!: string;
  @ApiPropertyOptional() correlationId?: string;
  @ApiProperty({ example: 'subprocessor-registry' }) service!: string;
  @ApiProperty({ example: 'change.announced' }) action!: string;
  @ApiProperty({ example: 'change-notice' }) entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'What changed (plain JSON)' }) changes?: Record<string, unknown>;
}

export class ApiErrorView {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: ['from must be an ISO 8601 date-time'] })
  message!: string | string[];
  @ApiPropertyOptional({ example: 'Bad Request' }) error?: string;
}

export function auditEntryViewOf(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    actor: entry.actor,
    ...(entry.correlationId ? { correlationId: entry.correlationId } : {}),
    service: entry.service,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    ...(entry.summary !== undefined ? { summary: entry.summary } : {}),
    ...(entry.changes !== undefined ? { changes: entry.changes } : {}),
  };
}
