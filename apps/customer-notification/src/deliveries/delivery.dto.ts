import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DELIVERY_SOURCE_TYPES, ProgressTally, SourceProgress } from '@forewarn/contracts';
import type { DeliveryRecord } from './deliveries.service';
import { DELIVERY_STATUSES, DeliveryStatus } from './domain/delivery-status';

export class ListDeliveriesQuery {
  @ApiPropertyOptional({ description: 'The change or breach id' }) @IsOptional() @IsString() @MaxLength(200) sourceId?: string;
  @ApiPropertyOptional({ description: 'The customer id' }) @IsOptional() @IsString() @MaxLength(200) customerId?: string;
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus;
  @ApiPropertyOptional({ type: 'integer', description: 'Emails matching the filters to pass over', default: 0, minimum: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'Emails to give (after the filters)', default: 1000, minimum: 1, maximum: 10000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit?: number;
}

export class ProgressQuery {
  @ApiProperty({ description: 'The change or breach id' }) @IsString() @MaxLength(200) sourceId!: string;
}

export class DeliveryView {
  @ApiProperty({ description: '`${sourceEventId}:${contactId}`' }) id!: string;
  @ApiProperty({ enum: DELIVERY_SOURCE_TYPES }) sourceType!: string;
  @ApiProperty({ description: 'The change or breach id' }) sourceId!: string;
  @ApiProperty() sourceEventId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() template!: string;
  @ApiPropertyOptional() templateVersion?: number;
  @ApiPropertyOptional() subject?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When SES accepted the email' }) sentAt?: string;
  @ApiPropertyOptional() sesMessageId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) deliveredAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) bouncedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) complainedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) failedAt?: string;
  @ApiPropertyOptional({ description: 'The SES error of a failure, or what SES said about a bounce or complaint' }) detail?: string;
  @ApiPropertyOptional() attempts?: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ProgressTallyView implements ProgressTally {
  @ApiProperty({ type: 'integer', description: 'Emails queued' }) total!: number;
  @ApiProperty({ type: 'integer', description: 'Not yet accepted by SES nor failed' }) pending!: number;
  @ApiProperty({ type: 'integer', description: 'Accepted by SES' }) sent!: number;
  @ApiProperty({ type: 'integer' }) delivered!: number;
  @ApiProperty({ type: 'integer' }) bounced!: number;
  @ApiProperty({ type: 'integer' }) complained!: number;
  @ApiProperty({ type: 'integer' }) failed!: number;
}

/** The emails to the source's recipients (customers' contacts) at the top level. */
export class ProgressView extends ProgressTallyView implements SourceProgress {
  @ApiProperty() sourceId!: string;
  @ApiProperty({ type: ProgressTallyView, description: "A change's emails to public subscribers, counted apart (their deliveries' sourceId is `<changeId>/public`); all zero for a breach" })
  subscribers!: ProgressTallyView;
}

const iso = (d?: Date) => (d ? new Date(d).toISOString() : undefined);
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function deliveryViewOf(d: DeliveryRecord): DeliveryView {
  const { sent, failed, delivered, bounced, complained } = d.facts;
  return defined({
    id: d._id,
    sourceType: d.sourceType,
    sourceId: d.sourceId,
    sourceEventId: d.sourceEventId,
    customerId: d.customerId,
    customerName: d.customerName,
    contactId: d.contactId,
    email: d.email,
    status: d.status,
    template: d.template,
    templateVersion: sent?.templateVersion,
    subject: sent?.subject,
    sentAt: iso(sent?.at),
    sesMessageId: sent?.sesMessageId,
    deliveredAt: iso(delivered?.at),
    bouncedAt: iso(bounced?.at),
    complainedAt: iso(complained?.at),
    failedAt: iso(failed?.at),
    detail: complained?.detail ?? bounced?.detail ?? failed?.detail,
    attempts: failed?.attempts,
    createdAt: iso(d.createdAt)!,
  });
}
