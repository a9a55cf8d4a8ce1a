import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
} from 'class-validator';
import type { SubprocessorSnapshot } from '@forewarn/contracts';
import type { SubprocessorDocument, SubprocessorStatus } from './subprocessor.schema';

export class CreateSubprocessorDto {
  @ApiProperty({ example: 'Pipeten' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ example: 'Data hosting services' }) @IsString() @IsNotEmpty() @MaxLength(200) category!: string;
  @ApiProperty({ example: 'Hosts the production servers and their backups' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  purpose!: string;
  @ApiProperty({ example: ['contact details', 'account data'] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  dataCategories!: string[];
  @ApiProperty({ example: ['GB'], description: 'ISO 3166-1 alpha-2 country codes' })
  @IsArray()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true, message: 'each value in locations must be an ISO 3166-1 alpha-2 country code' })
  locations!: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) legalEntity?: string;
  @ApiPropertyOptional({ example: 'UK adequacy regulations' }) @IsOptional() @IsString() @MaxLength(300) transferMechanism?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) dpaSignedAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: true }) website?: string;
}

export class ListSubprocessorsQuery {
  @ApiPropertyOptional({ enum: ['pending', 'active', 'removed'] })
  @IsOptional()
  @IsIn(['pending', 'active', 'removed'])
  status?: SubprocessorStatus;
}

export interface SubprocessorView extends SubprocessorSnapshot {
  status: SubprocessorStatus;
  createdAt: string;
  createdBy: string;
}

export function snapshotOf(doc: SubprocessorDocument): SubprocessorSnapshot {
  return {
    id: doc.id as string,
    name: doc.name,
    category: doc.category,
    purpose: doc.purpose,
    dataCategories: doc.dataCategories,
    locations: doc.locations,
    ...(doc.legalEntity ? { legalEntity: doc.legalEntity } : {}),
    ...(doc.transferMechanism ? { transferMechanism: doc.transferMechanism } : {}),
    ...(doc.dpaSignedAt ? { dpaSignedAt: doc.dpaSignedAt.toISOString() } : {}),
    ...(doc.website ? { website: doc.website } : {}),
  };
}

export function viewOf(doc: SubprocessorDocument): SubprocessorView {
  return { ...snapshotOf(doc), status: doc.status, createdAt: doc.createdAt.toISOString(), createdBy: doc.createdBy };
}
