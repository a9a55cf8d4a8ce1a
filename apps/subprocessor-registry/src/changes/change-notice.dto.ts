import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsMongoId, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CHANGE_KINDS, ChangeKind, IsDateTime, SubprocessorSnapshot } from '@forewarn/contracts';
import { SchemaRule } from '@forewarn/platform';
import { NOTICE_FIELDS } from '../subprocessors/domain/subprocessor-record';
import { CreateSubprocessorDto, SubprocessorSnapshotView } from '../subprocessors/subprocessor.dto';
import { ObjectionView } from '../objections/objection.dto';
import { CustomerTermsReasonView } from '../http/api-docs';
import { CHANGE_STATUSES, ChangeStatus } from './domain/change-notice';
import { AUTHORISATION_DECISIONS, AUTHORISATION_STATES, AuthorisationDecision, AuthorisationState } from './domain/specific-authorisation';
import type { ChangeHistoryEntry, ChangeNoticeDocument } from './change-notice.schema';

/** The material fields an update may change; they apply at the effective date. At least one. */
@SchemaRule({ minProperties: 1 })
export class ProposedValuesDto extends PartialType(PickType(CreateSubprocessorDto, NOTICE_FIELDS)) {}

const effectiveAtProperty = { format: 'date-time', example: '2027-01-15T00:00:00Z' } as const;
const isoMessage = (field: string) => ({ message: `${field} must be an ISO 8601 date-time` });

const kindIs = (...kinds: ChangeKind[]) => ({ properties: { kind: { enum: kinds } } });

/** A replacement names the replaced subprocessor, an update its new values, and no other kind either. */
@SchemaRule({
  anyOf: [
    { ...kindIs('replacement'), required: ['replacesSubprocessorId'], not: { required: ['proposed'] } },
    { ...kindIs('update'), required: ['proposed'], not: { required: ['replacesSubprocessorId'] } },
    { ...kindIs('addition', 'removal'), not: { anyOf: [{ required: ['replacesSubprocessorId'] }, { required: ['proposed'] }] } },
  ],
})
export class CreateChangeNoticeDto {
  @ApiProperty({ enum: CHANGE_KINDS }) @IsIn(CHANGE_KINDS, { message: `kind must be one of: ${CHANGE_KINDS.join(', ')}` }) kind!: ChangeKind;
  @ApiProperty({ pattern: '^[0-9a-f]{24}$', description: 'The subprocessor added, removed or updated (the incoming one for a replacement)' })
  @IsMongoId({ message: 'subprocessorId must be a subprocessor id (24 hex characters)' })
  subprocessorId!: string;
  @ApiPropertyOptional({ pattern: '^[0-9a-f]{24}$', description: 'Required for a replacement, refused otherwise: the subprocessor being replaced' })
  @ValidateIf((dto: CreateChangeNoticeDto) => dto.kind === 'replacement' || dto.replacesSubprocessorId !== undefined)
  @IsMongoId({ message: 'replacesSubprocessorId must be a subprocessor id (required for a replacement)' })
  replacesSubprocessorId?: string;
  @ApiProperty(effectiveAtProperty) @IsDateTime(isoMessage('effectiveAt')) effectiveAt!: string;
  @ApiProperty({ example: 'We are adding Acme Hosting as a second data centre in the UK.', minLength: 1, maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;
  @ApiPropertyOptional({ type: ProposedValuesDto, description: 'Required for an update (at least one field), refused otherwise' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProposedValuesDto)
  proposed?: ProposedValuesDto;
}

export class RescheduleChangeDto {
  @ApiProperty(effectiveAtProperty) @IsDateTime(isoMessage('effectiveAt')) effectiveAt!: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 2000, example: 'The new data centre opens later than planned.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'reason must not be empty (leave it out instead)' })
  @MaxLength(2000)
  reason?: string;
}

export class CancelChangeDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'We chose another provider.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class ListChangeNoticesQuery {
  @ApiPropertyOptional({ enum: CHANGE_STATUSES })
  @IsOptional()
  @IsIn(CHANGE_STATUSES, { message: `status must be one of: ${CHANGE_STATUSES.join(', ')}` })
  status?: ChangeStatus;
}

const ISO_DATE_TIME = { type: 'string', format: 'date-time' } as const;

export class ChangeHistoryView {
  @ApiProperty({ enum: ['drafted', 'announced', 'rescheduled', 'cancelled', 'effective', 'held'] }) action!: ChangeHistoryEntry['action'];
  @ApiProperty(ISO_DATE_TIME) at!: string;
  @ApiProperty({ example: 'user:alice' }) by!: string;
  @ApiPropertyOptional(ISO_DATE_TIME) effectiveAt?: string;
  @ApiPropertyOptional(ISO_DATE_TIME) previousEffectiveAt?: string;
  @ApiPropertyOptional() reason?: string;
}

export class AuthorisationDecisionDto {
  @ApiProperty({
    enum: AUTHORISATION_DECISIONS,
    description: "data-excluded: the customer's data is kept out of this subprocessor; contract-terminated: the customer's contract ends; approved-in-writing: it approved outside the link",
  })
  @IsIn(AUTHORISATION_DECISIONS)
  outcome!: AuthorisationDecision;
  @ApiProperty({ minLength: 1, maxLength: 2000, example: "Kept on the old host until the contract ends in March." }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

export class AuthorisationDecisionView extends AuthorisationDecisionDto {
  @ApiProperty(ISO_DATE_TIME) at!: string;
  @ApiProperty() by!: string;
}

/** Where one customer under specific authorisation stands on the change. */
export class CustomerAuthorisationView {
  @ApiProperty() customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty({ enum: AUTHORISATION_STATES, description: 'pending and objected hold the change back; approved and decided do not' }) state!: AuthorisationState;
  @ApiProperty(ISO_DATE_TIME) requestedAt!: string;
  @ApiPropertyOptional(ISO_DATE_TIME) answeredAt?: string;
  @ApiPropertyOptional({ description: 'the contact who answered' }) answeredBy?: string;
  @ApiPropertyOptional({ description: "the objection's reason" }) objection?: string;
  @ApiPropertyOptional({ type: AuthorisationDecisionView }) decision?: AuthorisationDecisionView;
}

export class ObjectionCount {
  @ApiProperty() total!: number;
  @ApiProperty() open!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty() withdrawn!: number;
}

export class ChangeListVersionView {
  @ApiProperty({ minimum: 1 }) version!: number;
  @ApiProperty(ISO_DATE_TIME) at!: string;
  @ApiProperty({ enum: ['announced', 'rescheduled', 'cancelled', 'effective', 'reconciled', 'imported', 'edited'] }) action!: string;
}

export class ChangeNoticeView {
  @ApiProperty({ pattern: '^[0-9a-f]{24}$' }) id!: string;
  @ApiProperty({ enum: CHANGE_KINDS }) kind!: ChangeKind;
  @ApiProperty({ pattern: '^[0-9a-f]{24}$' }) subprocessorId!: string;
  @ApiPropertyOptional({ pattern: '^[0-9a-f]{24}$' }) replacesSubprocessorId?: string;
  @ApiProperty() summary!: string;
  @ApiPropertyOptional({ type: ProposedValuesDto }) proposed?: Record<string, unknown>;
  @ApiProperty({ enum: CHANGE_STATUSES }) status!: ChangeStatus;
  @ApiProperty(ISO_DATE_TIME) effectiveAt!: string;
  @ApiPropertyOptional(ISO_DATE_TIME) announcedAt?: string;
  @ApiPropertyOptional({ description: 'the period the change gives: the standard one, or the longest a customer served at announcement asks' }) noticePeriodDays?: number;
  @ApiPropertyOptional({ description: 'the standard period at announcement' }) standardNoticePeriodDays?: number;
  @ApiPropertyOptional({ type: CustomerTermsReasonView, description: "which customers' terms set noticePeriodDays, when they did" }) noticePeriodTerms?: CustomerTermsReasonView;
  @ApiPropertyOptional({ type: [CustomerAuthorisationView], description: 'the customers under specific authorisation asked to approve it' })
  authorisations?: CustomerAuthorisationView[];
  @ApiPropertyOptional({ ...ISO_DATE_TIME, description: 'its date came while approvals were awaited: it takes effect once none is' }) heldSince?: string;
  @ApiPropertyOptional(ISO_DATE_TIME) cancelledAt?: string;
  @ApiPropertyOptional() cancelReason?: string;
  @ApiPropertyOptional(ISO_DATE_TIME) appliedAt?: string;
  @ApiPropertyOptional({ type: SubprocessorSnapshotView, description: 'as customers were told at announcement' }) subprocessor?: SubprocessorSnapshot;
  @ApiPropertyOptional({ type: SubprocessorSnapshotView }) replacesSubprocessor?: SubprocessorSnapshot;
  @ApiProperty({ type: [ChangeHistoryView] }) history!: ChangeHistoryView[];
  @ApiProperty({ type: [ObjectionView] }) objections!: ObjectionView[];
  @ApiProperty({ type: ObjectionCount }) objectionCount!: ObjectionCount;
  @ApiPropertyOptional({ type: [ChangeListVersionView], description: 'the public list versions this change made (GET of one change only); read one with GET /subprocessors.json?version=' })
  listVersions?: ChangeListVersionView[];
  @ApiProperty(ISO_DATE_TIME) createdAt!: string;
  @ApiProperty() createdBy!: string;
}

const iso = (d?: Date) => (d ? new Date(d).toISOString() : undefined);
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function changeViewOf(doc: ChangeNoticeDocument, objections: ObjectionView[]): ChangeNoticeView {
  const count = (status: string) => objections.filter((o) => o.status === status).length;
  return defined({
    id: doc.id as string,
    kind: doc.kind,
    subprocessorId: doc.subprocessorId.toString(),
    replacesSubprocessorId: doc.replacesSubprocessorId?.toString(),
    summary: doc.summary,
    proposed: doc.proposed,
    status: doc.status,
    effectiveAt: doc.effectiveAt.toISOString(),
    announcedAt: iso(doc.announcedAt),
    noticePeriodDays: doc.noticePeriodDays,
    ...(doc.standardNoticePeriodDays ? { standardNoticePeriodDays: doc.standardNoticePeriodDays } : {}),
    ...(doc.noticePeriodTerms ? { noticePeriodTerms: doc.noticePeriodTerms } : {}),
    authorisations: doc.authorisations?.map(({ decision, ...a }) =>
      defined<CustomerAuthorisationView>({
        ...a,
        requestedAt: iso(a.requestedAt)!,
        answeredAt: iso(a.answeredAt),
        decision: decision && { ...decision, at: iso(decision.at)! },
      }),
    ),
    heldSince: iso(doc.heldSince),
    cancelledAt: iso(doc.cancelledAt),
    cancelReason: doc.cancelReason,
    appliedAt: iso(doc.appliedAt),
    subprocessor: doc.subprocessor,
    replacesSubprocessor: doc.replacesSubprocessor,
    history: (doc.history ?? []).map((h) =>
      defined({ ...h, at: iso(h.at)!, effectiveAt: iso(h.effectiveAt), previousEffectiveAt: iso(h.previousEffectiveAt) }),
    ),
    objections,
    objectionCount: { total: objections.length, open: count('open'), resolved: count('resolved'), withdrawn: count('withdrawn') },
    createdAt: doc.createdAt.toISOString(),
    createdBy: doc.createdBy,
  });
}

export class NoticePeriodView {
  @ApiProperty({ minimum: 30, description: "days customers are told before a change takes effect: the standard period, or the longest customers' terms ask" })
  noticePeriodDays!: number;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'the earliest effective date of a change announced now' }) earliestEffectiveAt!: string;
  @ApiPropertyOptional({ type: CustomerTermsReasonView, description: "present when customers' terms set the period" }) customerTerms?: CustomerTermsReasonView;
}
