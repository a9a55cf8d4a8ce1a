import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AUTHORISATION_KINDS, AuthorisationKind, MAXIMUM_NOTICE_PERIOD_DAYS, MINIMUM_NOTICE_PERIOD_DAYS } from '@forewarn/contracts';
import { NamesAField, NOT_BLANK } from '@forewarn/platform';
import { DirectoryWarning, directoryWarnings } from './domain/directory-warnings';
import { normaliseEmail } from './domain/email-address';
import { Customer, CUSTOMER_STATUSES, CustomerStatus, CustomerTerms, NOTICE_TOPICS, NoticeTopic } from './customer.schema';

const EXTERNAL_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const EXTERNAL_ID_RULE = 'externalId may hold up to 100 letters, digits, . _ : -';
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normalisedEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseEmail(value) : value);
/** SES sends to ASCII addresses only (no SMTPUTF8), so a non-ASCII local part is refused. */
const EMAIL_RULES = { allow_utf8_local_part: false, allow_display_name: false, allow_ip_domain: false };

export class ContactDto {
  @ApiProperty({ example: 'Dana Scully', maxLength: 200, pattern: NOT_BLANK })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    format: 'email',
    maxLength: 320,
    example: 'dpo@customer.example',
    description: 'Trimmed; the domain is lowercased (and punycoded); the local part keeps its case',
  })
  @Transform(normalisedEmail)
  @IsEmail(EMAIL_RULES)
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ enum: NOTICE_TOPICS, isArray: true, description: 'Defaults to every kind of notice' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(NOTICE_TOPICS, { each: true })
  receives?: NoticeTopic[];
}

/** At least one field. */
@NamesAField()
export class UpdateContactDto {
  @ApiPropertyOptional({ maxLength: 200, pattern: NOT_BLANK }) @IsOptional() @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ format: 'email', maxLength: 320 })
  @IsOptional()
  @Transform(normalisedEmail)
  @IsEmail(EMAIL_RULES)
  @MaxLength(320)
  email?: string;
  @ApiPropertyOptional({ enum: NOTICE_TOPICS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(NOTICE_TOPICS, { each: true })
  receives?: NoticeTopic[];
  @ApiPropertyOptional({ description: 'false deactivates the contact (it stays on record for proof of notice)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** A customer's own terms for subprocessor changes, from its data processing agreement. */
export class CustomerTermsDto {
  @ApiProperty({
    type: 'integer',
    minimum: MINIMUM_NOTICE_PERIOD_DAYS,
    maximum: MAXIMUM_NOTICE_PERIOD_DAYS,
    description: 'days of notice the customer must have before a subprocessor change applies; changes are announced at least this long before they take effect',
  })
  @IsInt()
  @Min(MINIMUM_NOTICE_PERIOD_DAYS)
  @Max(MAXIMUM_NOTICE_PERIOD_DAYS)
  noticePeriodDays!: number;
  @ApiProperty({
    enum: AUTHORISATION_KINDS,
    description: 'general: told in advance, may object; specific: prior specific authorisation (SCC 2021 Clause 9(a) Option 1), the change may not apply to its data until it approves',
  })
  @IsIn(AUTHORISATION_KINDS)
  authorisation!: AuthorisationKind;
}

export class CreateCustomerDto {
  @ApiProperty({ example: 'Acme Trading Ltd', maxLength: 300, pattern: NOT_BLANK }) @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(300) name!: string;

  @ApiPropertyOptional({ example: 'CRM-1042', pattern: EXTERNAL_ID.source, description: 'The id in the billing system; generated when absent' })
  @IsOptional()
  @Matches(EXTERNAL_ID, { message: EXTERNAL_ID_RULE })
  externalId?: string;

  @ApiProperty({ type: [ContactDto], description: 'May be empty; the customer is then flagged' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts!: ContactDto[];

  @ApiPropertyOptional({ type: CustomerTermsDto, description: 'Its own terms for subprocessor changes; absent: the standard terms' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomerTermsDto)
  terms?: CustomerTermsDto;
}

/** One element of a JSON import: a customer identified by its billing id. */
export class ImportCustomerDto {
  @ApiProperty({ example: 'CRM-1042', pattern: EXTERNAL_ID.source }) @Matches(EXTERNAL_ID, { message: EXTERNAL_ID_RULE }) externalId!: string;
  @ApiProperty({ example: 'Acme Trading Ltd', maxLength: 300, pattern: NOT_BLANK }) @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(300) name!: string;
  @ApiPropertyOptional({ enum: CUSTOMER_STATUSES, description: 'Left as it is when absent (new customers are active)' })
  @IsOptional()
  @IsIn(CUSTOMER_STATUSES)
  status?: CustomerStatus;
  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  contacts?: unknown[];
}

/** At least one field. */
@NamesAField()
export class UpdateCustomerDto {
  @ApiPropertyOptional({ maxLength: 300, pattern: NOT_BLANK }) @IsOptional() @Transform(trimmed) @IsString() @IsNotEmpty() @MaxLength(300) name?: string;
  @ApiPropertyOptional({ pattern: EXTERNAL_ID.source }) @IsOptional() @Matches(EXTERNAL_ID, { message: EXTERNAL_ID_RULE }) externalId?: string;
  @ApiPropertyOptional({
    enum: CUSTOMER_STATUSES,
    description: 'inactive stops every notice to the customer; the record stays for proof of notice. active again sends it the pending change notices.',
  })
  @IsOptional()
  @IsIn(CUSTOMER_STATUSES)
  status?: CustomerStatus;
}

export class ListCustomersQuery {
  @ApiPropertyOptional({ enum: CUSTOMER_STATUSES }) @IsOptional() @IsIn(CUSTOMER_STATUSES) status?: CustomerStatus;
  @ApiPropertyOptional({ description: 'true: only active customers with a warning (a kind of notice no contact receives)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  flagged?: boolean;
  @ApiPropertyOptional({ pattern: EXTERNAL_ID.source }) @IsOptional() @Matches(EXTERNAL_ID, { message: EXTERNAL_ID_RULE }) externalId?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, description: 'customers whose name starts with this, in any case and with or without accents' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5000, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class ContactView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: NOTICE_TOPICS, isArray: true }) receives!: NoticeTopic[];
  @ApiProperty() active!: boolean;
}

export class DirectoryWarningView implements DirectoryWarning {
  @ApiProperty({ enum: ['no-contact-for-kind'] }) code!: 'no-contact-for-kind';
  @ApiProperty({ enum: NOTICE_TOPICS }) kind!: NoticeTopic;
  @ApiProperty({ example: 'no active contact receives breach notices' }) message!: string;
}

export class CustomerTermsView extends CustomerTermsDto {
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
  @ApiProperty() changedBy!: string;
}

export class CustomerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty({ enum: CUSTOMER_STATUSES }) status!: CustomerStatus;
  @ApiProperty({ type: [ContactView] }) contacts!: ContactView[];
  @ApiProperty({ type: [DirectoryWarningView], description: 'Empty when every kind of notice reaches an active contact' })
  warnings!: DirectoryWarning[];
  @ApiPropertyOptional({ type: CustomerTermsView, description: "absent: the standard terms (the registry's notice period, general authorisation)" })
  terms?: CustomerTermsView;
  @ApiProperty({ type: [CustomerTermsView], description: 'every terms the customer has had, oldest first' }) termsHistory!: CustomerTermsView[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) updatedAt?: string;
}

const termsViewOf = (t: CustomerTerms): CustomerTermsView => ({
  noticePeriodDays: t.noticePeriodDays,
  authorisation: t.authorisation,
  changedAt: t.changedAt.toISOString(),
  changedBy: t.changedBy,
});

export function customerViewOf(doc: Customer): CustomerView {
  return {
    id: doc._id,
    name: doc.name,
    externalId: doc.externalId,
    status: doc.status,
    contacts: doc.contacts.map((c) => ({ id: c.id, name: c.name, email: c.email, receives: c.receives, active: c.active })),
    warnings: directoryWarnings(doc),
    ...(doc.terms ? { terms: termsViewOf(doc.terms) } : {}),
    termsHistory: (doc.termsHistory ?? []).map(termsViewOf),
    createdAt: doc.createdAt.toISOString(),
    ...(doc.updatedAt ? { updatedAt: doc.updatedAt.toISOString() } : {}),
  };
}
