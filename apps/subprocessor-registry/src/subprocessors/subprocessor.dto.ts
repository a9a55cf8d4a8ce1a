import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
} from 'class-validator';
import { IsDateTime, type SubprocessorSnapshot } from '@forewarn/contracts';
import { NamesAField, SchemaRule } from '@forewarn/platform';
import {
  COUNTRY_CODES,
  SCC_MODULES,
  SccModule,
  SUBPROCESSOR_STATUSES,
  SubprocessorStatus,
  TRANSFER_MECHANISMS,
  TransferMechanism,
  transferMechanismLabel,
} from './domain/subprocessor-record';
import type { SubprocessorDocument } from './subprocessor.schema';

const COUNTRY_CODE = { type: 'string', pattern: '^[A-Z]{2}$', enum: COUNTRY_CODES as string[] } as const;
const countryMessage = (field: string) => ({ message: `${field} must be an ISO 3166-1 alpha-2 country code (e.g. GB)` });
const nonEmpty = (field: string) => ({ message: `${field} must not be empty (leave it out instead)` });

/** A list of short texts, e.g. data categories. */
function TextList(example: string[], description?: string, { optional = false } = {}): PropertyDecorator {
  const documented = optional ? ApiPropertyOptional : ApiProperty;
  const decorators = [
    ...(optional ? [IsOptional()] : []),
    documented({ type: [String], example, description, maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 300 } }),
    IsArray(),
    ArrayMaxSize(100),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(300, { each: true }),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

const EU_SCCS = { required: ['transferMechanism'], properties: { transferMechanism: { enum: ['eu-sccs'] } } };

/** The EU SCCs come with a module, and only they do. */
@SchemaRule({ anyOf: [{ ...EU_SCCS, required: ['transferMechanism', 'sccModule'] }, { not: { anyOf: [{ required: ['sccModule'] }, EU_SCCS] } }] })
export class CreateSubprocessorDto {
  @ApiProperty({ example: 'Pipeten', minLength: 1, maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: 'Pipeten Ltd', minLength: 1, maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty(nonEmpty('legalEntity'))
  @MaxLength(300)
  legalEntity?: string;
  @ApiPropertyOptional({ example: '1 Example Street, Sheffield, S1 1AA, United Kingdom', minLength: 1, maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty(nonEmpty('address'))
  @MaxLength(500)
  address?: string;
  @ApiProperty({ example: 'Data hosting services', minLength: 1, maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) category!: string;
  @ApiProperty({ example: 'Hosts the production servers and their backups', minLength: 1, maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  purpose!: string;
  @TextList(['contact details', 'account data']) dataCategories!: string[];
  @TextList(['customers’ employees', 'customers’ clients'], 'Whose data it is', { optional: true }) dataSubjectCategories?: string[];
  @ApiProperty({ type: 'array', items: COUNTRY_CODE, maxItems: 250, example: ['GB'], description: 'Processing locations, ISO 3166-1 alpha-2' })
  @IsArray()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true, ...countryMessage('each value in locations') })
  locations!: string[];
  @ApiPropertyOptional({ ...COUNTRY_CODE, example: 'GB', description: 'Where the legal entity is established, ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsISO31661Alpha2(countryMessage('corporateLocation'))
  corporateLocation?: string;
  @ApiPropertyOptional({ enum: TRANSFER_MECHANISMS, example: 'none-needed' })
  @IsOptional()
  @IsIn(TRANSFER_MECHANISMS, { message: `transferMechanism must be one of: ${TRANSFER_MECHANISMS.join(', ')}` })
  transferMechanism?: TransferMechanism;
  @ApiPropertyOptional({ enum: SCC_MODULES, description: 'Required with transferMechanism eu-sccs, refused otherwise' })
  @IsOptional()
  @IsIn(SCC_MODULES, { message: `sccModule must be one of: ${SCC_MODULES.join(', ')}` })
  sccModule?: SccModule;
  @ApiPropertyOptional({ example: 'DPA-2024-017', minLength: 1, maxLength: 200, description: 'The data processing agreement imposed on it' })
  @IsOptional()
  @IsString()
  @IsNotEmpty(nonEmpty('dpaReference'))
  @MaxLength(200)
  dpaReference?: string;
  @ApiPropertyOptional({ format: 'date-time', example: '2024-03-01T00:00:00Z', description: 'When the DPA was signed' })
  @IsOptional()
  @IsDateTime({ message: 'dpaSignedAt must be an ISO 8601 date-time' })
  dpaSignedAt?: string;
  @ApiPropertyOptional({ format: 'uri', example: 'https://www.pipeten.com', pattern: '^https?://' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'website must be an http(s) URL' })
  website?: string;
  @TextList(['Infotek Cloud', 'Infotek Payroll'], 'The products whose customer data it handles', { optional: true }) productsCovered?: string[];
}

/**
 * Any field; on a subprocessor already on the public list only the non-material ones (DPA,
 * address, website...). At least one. A module named with another mechanism is refused here; one
 * at odds with the stored record is a 409.
 */
@NamesAField()
@SchemaRule({ not: { required: ['transferMechanism', 'sccModule'], properties: { transferMechanism: { not: { enum: ['eu-sccs'] } } } } })
export class UpdateSubprocessorDto extends PartialType(CreateSubprocessorDto) {}

export class ListSubprocessorsQuery {
  @ApiPropertyOptional({ enum: SUBPROCESSOR_STATUSES })
  @IsOptional()
  @IsIn(SUBPROCESSOR_STATUSES, { message: `status must be one of: ${SUBPROCESSOR_STATUSES.join(', ')}` })
  status?: SubprocessorStatus;
}

const ISO_DATE_TIME = { type: 'string', format: 'date-time' } as const;

/** A subprocessor as customers are told about it (the `SubprocessorSnapshot` of the events). */
export class SubprocessorSnapshotView implements SubprocessorSnapshot {
  @ApiProperty({ pattern: '^[0-9a-f]{24}$' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty({ type: [String] }) dataCategories!: string[];
  @ApiPropertyOptional({ type: [String], description: 'always present on current records; versions and events made before it existed lack it' })
  dataSubjectCategories?: string[];
  @ApiProperty({ type: 'array', items: COUNTRY_CODE, description: 'Processing locations' }) locations!: string[];
  @ApiPropertyOptional({ type: [String], description: 'as dataSubjectCategories' }) productsCovered?: string[];
  @ApiPropertyOptional() legalEntity?: string;
  @ApiPropertyOptional() address?: string;
  @ApiPropertyOptional(COUNTRY_CODE) corporateLocation?: string;
  @ApiPropertyOptional({ enum: TRANSFER_MECHANISMS }) transferMechanism?: string;
  @ApiPropertyOptional({ description: 'How a reader sees the mechanism, with the SCC module' }) transferMechanismLabel?: string;
  @ApiPropertyOptional({ enum: SCC_MODULES }) sccModule?: string;
  @ApiPropertyOptional() dpaReference?: string;
  @ApiPropertyOptional(ISO_DATE_TIME) dpaSignedAt?: string;
  @ApiPropertyOptional({ format: 'uri' }) website?: string;
}

export class StatusHistoryView {
  @ApiProperty({ enum: SUBPROCESSOR_STATUSES }) status!: SubprocessorStatus;
  @ApiProperty(ISO_DATE_TIME) at!: string;
  @ApiProperty({ example: 'user:alice' }) by!: string;
  @ApiPropertyOptional() changeId?: string;
  @ApiPropertyOptional() note?: string;
}

export class SubprocessorView extends SubprocessorSnapshotView {
  @ApiProperty({ enum: SUBPROCESSOR_STATUSES }) status!: SubprocessorStatus;
  @ApiProperty({ type: [StatusHistoryView] }) history!: StatusHistoryView[];
  @ApiProperty(ISO_DATE_TIME) createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiPropertyOptional(ISO_DATE_TIME) updatedAt?: string;
}

export class ImportReport {
  @ApiProperty({ type: [String], description: 'names recorded now, as active' }) created!: string[];
  @ApiProperty({ type: [String], description: 'names already registered, left alone' }) existing!: string[];
}

export function snapshotOf(doc: SubprocessorDocument): SubprocessorSnapshotView {
  const optional = {
    legalEntity: doc.legalEntity,
    address: doc.address,
    corporateLocation: doc.corporateLocation,
    transferMechanism: doc.transferMechanism,
    transferMechanismLabel: doc.transferMechanism && transferMechanismLabel(doc.transferMechanism, doc.sccModule),
    sccModule: doc.sccModule,
    dpaReference: doc.dpaReference,
    dpaSignedAt: doc.dpaSignedAt?.toISOString(),
    website: doc.website,
  };
  return {
    id: doc.id as string,
    name: doc.name,
    category: doc.category,
    purpose: doc.purpose,
    dataCategories: [...doc.dataCategories],
    dataSubjectCategories: [...(doc.dataSubjectCategories ?? [])],
    locations: [...doc.locations],
    productsCovered: [...(doc.productsCovered ?? [])],
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== null)),
  };
}

export function viewOf(doc: SubprocessorDocument): SubprocessorView {
  return {
    ...snapshotOf(doc),
    status: doc.status,
    history: (doc.history ?? []).map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    createdAt: doc.createdAt.toISOString(),
    createdBy: doc.createdBy,
    ...(doc.updatedAt ? { updatedAt: doc.updatedAt.toISOString() } : {}),
  };
}
