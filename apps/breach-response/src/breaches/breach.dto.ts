import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { BREACH_DEADLINES, BREACH_ROLES, type BreachDeadlineKind, type BreachRole, IsDateTime, RISK_LEVELS, type RiskLevel } from '@forewarn/contracts';
import { NamesAField, NOT_BLANK, SchemaRule } from '@forewarn/platform';
import { BREACH_STATUSES, type BreachStatus } from './domain/breach-status';
import { ART34_EXEMPTION_GROUNDS, type Art34ExemptionGround } from './domain/data-subject-duty';
import { BREACH_NATURES, CIA_CLASSES, YES_NO_UNKNOWN, type YesNoUnknown } from './breach.schema';
import { OtherAuthorityDto, OtherBodyDto, ReporterDto } from './ico-form.dto';


const TEXT = 10_000;
const NOT_BLANK_TEXT = new RegExp(NOT_BLANK);
const CUSTOMER_ID = /^[A-Za-z0-9._:-]{1,100}$/;

@ValidatorConstraint({ name: 'affectedCustomers' })
class AffectedCustomers implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      value === 'all' ||
      (Array.isArray(value) && value.length <= 10_000 && value.every((id) => typeof id === 'string' && CUSTOMER_ID.test(id)))
    );
  }

  defaultMessage(): string {
    return 'affectedCustomerIds must be "all" or an array of customer ids (letters, digits, . _ : -)';
  }
}

export class CreateBreachDto {
  @ApiProperty({ example: 'Backup disk stolen from a hosting cabinet' }) @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiProperty({ description: 'What happened' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) description!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the company became aware: the 72-hour clock starts here. Required to leave triage.' })
  @IsOptional()
  @IsDateTime()
  awareAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When it happened, or the start of the window' })
  @IsOptional()
  @IsDateTime()
  occurredAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The end of the window when it happened over a period' })
  @IsOptional()
  @IsDateTime()
  occurredUntil?: string;
  @ApiPropertyOptional({ description: 'How the breach was discovered' }) @IsOptional() @IsString() @MaxLength(TEXT) howDiscovered?: string;
  @ApiPropertyOptional({ enum: YES_NO_UNKNOWN, default: 'unknown' }) @IsOptional() @IsIn(YES_NO_UNKNOWN) cyberIncident?: YesNoUnknown;
  @ApiPropertyOptional({ enum: YES_NO_UNKNOWN, default: 'unknown', description: 'Whether staff were involved' })
  @IsOptional()
  @IsIn(YES_NO_UNKNOWN)
  staffInvolved?: YesNoUnknown;
  @ApiProperty({ enum: BREACH_NATURES, isArray: true }) @IsArray() @IsIn(BREACH_NATURES, { each: true }) nature!: string[];
  @ApiPropertyOptional({ enum: CIA_CLASSES, isArray: true, description: 'Confidentiality, integrity and/or availability breach' })
  @IsOptional()
  @IsArray()
  @IsIn(CIA_CLASSES, { each: true })
  ciaClassification?: string[];
  @ApiProperty({ type: [String], example: ['contact details', 'bank account details'] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  dataCategories!: string[];
  @ApiProperty() @IsBoolean() specialCategoryData!: boolean;
  @ApiPropertyOptional({ type: [String], example: ['health data'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  specialCategories?: string[];
  @ApiPropertyOptional({ type: [String], example: ['customers\' end users', 'employees'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  dataSubjectCategories?: string[];
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10_000_000_000 }) @IsInt() @Min(0) @Max(10_000_000_000) approxDataSubjects!: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10_000_000_000 }) @IsInt() @Min(0) @Max(10_000_000_000) approxRecords!: number;
  @ApiProperty({ enum: BREACH_ROLES, description: 'controller: our own users\' data; processor: customers\' data' })
  @IsIn(BREACH_ROLES)
  role!: BreachRole;
  @ApiProperty({ oneOf: [{ type: 'array', items: { type: 'string', pattern: CUSTOMER_ID.source }, description: 'at most 10,000' }, { type: 'string', enum: ['all'] }] })
  @Validate(AffectedCustomers)
  affectedCustomerIds!: string[] | 'all';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) likelyConsequences?: string;
  @ApiPropertyOptional({ description: 'Measures taken or proposed to address the breach and mitigate its effects' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  measures?: string;
  @ApiPropertyOptional({ description: 'Measures in place before the breach' }) @IsOptional() @IsString() @MaxLength(TEXT) measuresBefore?: string;
  @ApiPropertyOptional({ description: 'Measures taken after it' }) @IsOptional() @IsString() @MaxLength(TEXT) measuresAfter?: string;
  @ApiPropertyOptional({ description: 'Anyone else told that the structured lists do not cover (insurers, banks, ...)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  othersInformed?: string;
  @ApiPropertyOptional({ type: ReporterDto, description: 'The person reporting, as the ICO form asks' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;
  @ApiPropertyOptional({ enum: YES_NO_UNKNOWN, default: 'unknown', description: 'Had the staff handling the data data protection training in the last two years' })
  @IsOptional()
  @IsIn(YES_NO_UNKNOWN)
  staffTrained?: YesNoUnknown;
  @ApiPropertyOptional({ enum: YES_NO_UNKNOWN, default: 'unknown', description: 'Cross-border processing (Art. 4(23)): the one-stop-shop applies' })
  @IsOptional()
  @IsIn(YES_NO_UNKNOWN)
  crossBorderProcessing?: YesNoUnknown;
  @ApiPropertyOptional({ maxLength: 200, description: 'The lead supervisory authority, where processing is cross-border' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  leadAuthority?: string;
  @ApiPropertyOptional({ type: [OtherAuthorityDto], description: 'Supervisory authorities in other countries told, or to be told' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OtherAuthorityDto)
  otherAuthorities?: OtherAuthorityDto[];
  @ApiPropertyOptional({ type: [OtherBodyDto], description: 'The police, the NCSC, Action Fraud or another body told' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OtherBodyDto)
  otherBodies?: OtherBodyDto[];
  @ApiPropertyOptional({ enum: RISK_LEVELS }) @IsOptional() @IsIn(RISK_LEVELS) riskLevel?: RiskLevel;
  @ApiPropertyOptional({ description: 'Why the risk was assessed so; the register shows it with the decision' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  riskReason?: string;
}

/** Any field of the breach form; at least one. */
@NamesAField()
export class UpdateBreachDto extends PartialType(CreateBreachDto) {}

/** Recording that it is not a breach needs the reason (Art. 33(5)). */
@SchemaRule({ anyOf: [{ properties: { to: { not: { enum: ['not-a-breach'] } } } }, { required: ['reason'], properties: { reason: { pattern: NOT_BLANK } } }] })
export class TransitionDto {
  @ApiProperty({ enum: BREACH_STATUSES }) @IsIn(BREACH_STATUSES) to!: BreachStatus;
  @ApiPropertyOptional({ description: 'Required (not blank) for not-a-breach' }) @IsOptional() @IsString() @MaxLength(TEXT) reason?: string;
}

export class CustomerNoticePreviewDto {
  @ApiPropertyOptional({ description: 'A message to add to the notice' }) @IsOptional() @IsString() @MaxLength(4000) message?: string;
}

export class CustomerNoticeDto {
  @ApiPropertyOptional({ description: 'A message to add to the notice' }) @IsOptional() @IsString() @MaxLength(4000) message?: string;
  @ApiPropertyOptional({ description: 'Required when the initial notice is late and the missed deadline has no reason yet' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  lateReason?: string;
}

export class AuthorityNotificationDto {
  @ApiPropertyOptional({ example: 'IC-123456-A1B2', description: 'The case reference the ICO gave' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  icoReference?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the report was submitted; defaults to now, never in the future' })
  @IsOptional()
  @IsDateTime()
  submittedAt?: string;
  @ApiPropertyOptional({ description: 'Required when the initial report is late and the missed deadline has no reason yet' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  lateReason?: string;
}

export class DataSubjectNotificationDto {
  @ApiProperty({ description: 'How and what the data subjects were told' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) summary!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now, never in the future' }) @IsOptional() @IsDateTime() sentAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) lateReason?: string;
}

/** Ground (c) needs the public communication that replaced telling each person. */
@SchemaRule({
  anyOf: [
    { properties: { ground: { not: { enum: ['disproportionate-effort'] } } } },
    { required: ['publicCommunication'], properties: { publicCommunication: { pattern: NOT_BLANK } } },
  ],
})
export class Art34ExemptionDto {
  @ApiProperty({ enum: ART34_EXEMPTION_GROUNDS, description: 'Art. 34(3)(a), (b) or (c)' }) @IsIn(ART34_EXEMPTION_GROUNDS) ground!: Art34ExemptionGround;
  @ApiProperty({ pattern: NOT_BLANK, description: 'Why the ground applies (for example: the laptop\'s disk was encrypted with AES-256, the key was not taken)' })
  @IsString()
  @Matches(NOT_BLANK_TEXT, { message: 'reason must not be blank' })
  @MaxLength(TEXT)
  reason!: string;
  @ApiPropertyOptional({ pattern: NOT_BLANK, description: 'Required (not blank) for disproportionate-effort: how and when the public was told instead' })
  @ValidateIf((o: Art34ExemptionDto) => o.ground === 'disproportionate-effort' || o.publicCommunication !== undefined)
  @IsString()
  @Matches(NOT_BLANK_TEXT, { message: 'publicCommunication is required (not blank) when the ground is disproportionate-effort' })
  @MaxLength(TEXT)
  publicCommunication?: string;
}

export class MissedReasonDto {
  @ApiProperty({ description: 'Why the deadline was missed' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) reason!: string;
}

export class BreachDeadlineParams {
  @ApiProperty({ description: 'The breach id or reference' }) @IsString() id!: string;
  @ApiProperty({ enum: BREACH_DEADLINES }) @IsIn(BREACH_DEADLINES) kind!: BreachDeadlineKind;
}

export class TimelineNoteDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(TEXT) text!: string;
}

export class ListBreachesQuery {
  @ApiPropertyOptional({ enum: BREACH_STATUSES }) @IsOptional() @IsIn(BREACH_STATUSES) status?: BreachStatus;
}

export class RegisterQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}
