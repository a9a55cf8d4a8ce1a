import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Objection, OBJECTION_STATUSES, ObjectionStatus } from './objection.schema';

export class ResolveObjectionDto {
  @ApiProperty({ minLength: 1, maxLength: 4000, example: 'Called the customer: the new host is in the UK; they are content.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note!: string;
}

const ISO_DATE_TIME = { type: 'string', format: 'date-time' } as const;

export class ObjectionView {
  @ApiProperty({ description: 'the objectionId of the objection event' }) id!: string;
  @ApiProperty() changeId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty() contactId!: string;
  @ApiPropertyOptional({ format: 'email' }) contactEmail?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional(ISO_DATE_TIME) receivedAt?: string;
  @ApiProperty({ enum: OBJECTION_STATUSES }) status!: ObjectionStatus;
  @ApiPropertyOptional(ISO_DATE_TIME) resolvedAt?: string;
  @ApiPropertyOptional() resolvedBy?: string;
  @ApiPropertyOptional() resolutionNote?: string;
  @ApiPropertyOptional(ISO_DATE_TIME) withdrawnAt?: string;
  @ApiPropertyOptional() withdrawalReason?: string;
}

export function objectionViewOf(o: Objection): ObjectionView {
  // What the store keeps beside the facts (staged entries, the write version) is not part of the view.
  const { _id, receivedAt, resolvedAt, withdrawnAt, auditPending: _a, outbox: _o, version: _v, ...rest } = o as Objection & { auditPending?: unknown; outbox?: unknown; version?: unknown };
  return Object.fromEntries(
    Object.entries({
      id: _id,
      ...rest,
      receivedAt: receivedAt?.toISOString(),
      resolvedAt: resolvedAt?.toISOString(),
      withdrawnAt: withdrawnAt?.toISOString(),
    }).filter(([, v]) => v !== undefined && v !== null),
  ) as unknown as ObjectionView;
}
