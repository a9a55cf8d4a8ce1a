import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Objection, ObjectionStatus } from './objection.schema';

export class ResolveObjectionDto {
  @ApiProperty({ minLength: 1, maxLength: 4000, example: 'Called the customer: the new host is in the UK; they are content.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note!: string;
}

export interface ObjectionView {
  id: string;
  changeId: string;
  customerId: string;
  customerName: string;
  contactId: string;
  contactEmail?: string;
  reason?: string;
  receivedAt?: string;
  status: ObjectionStatus;
  resolvedAt?: string;
  resolvedBy?: string;
  resolutionNote?: string;
  withdrawnAt?: string;
  withdrawalReason?: string;
}

export function objectionViewOf(o: Objection): ObjectionView {
  const { _id, receivedAt, resolvedAt, withdrawnAt, ...rest } = o as Objection & { auditPending?: unknown };
  delete (rest as { auditPending?: unknown }).auditPending;
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
