import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DeliveryDocument } from './delivery.schema';
import { DELIVERY_STATUSES, DeliveryStatus } from './domain/delivery-retry';

export class ListDeliveriesQuery {
  @ApiPropertyOptional({ description: 'The change or breach id' }) @IsOptional() @IsString() @MaxLength(100) sourceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) customerId?: string;
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus;
}

export interface DeliveryView {
  id: string;
  sourceType: string;
  sourceId: string;
  sourceEventId: string;
  customerId: string;
  contactId: string;
  email: string;
  status: DeliveryStatus;
  attempts: number;
  template: string;
  templateVersion?: number;
  subject?: string;
  sentAt?: string;
  sesMessageId?: string;
  lastError?: string;
  createdAt: string;
}

export function deliveryViewOf(d: DeliveryDocument): DeliveryView {
  return {
    id: d.id as string,
    sourceType: d.sourceType,
    sourceId: d.sourceId,
    sourceEventId: d.sourceEventId,
    customerId: d.customerId,
    contactId: d.contactId,
    email: d.email,
    status: d.status,
    attempts: d.attempts,
    template: d.template,
    ...(d.templateVersion !== undefined ? { templateVersion: d.templateVersion } : {}),
    ...(d.subject ? { subject: d.subject } : {}),
    ...(d.sentAt ? { sentAt: d.sentAt.toISOString() } : {}),
    ...(d.sesMessageId ? { sesMessageId: d.sesMessageId } : {}),
    ...(d.lastError ? { lastError: d.lastError } : {}),
    createdAt: d.createdAt.toISOString(),
  };
}
