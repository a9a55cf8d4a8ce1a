import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NOTICE_TOPICS, NoticeTopic } from '../customers/customer.schema';
import { DEFAULT_ROTATION_OVERLAP_HOURS, MAX_ROTATION_OVERLAP_HOURS } from './domain/endpoint-secrets';
import { MAX_ENDPOINT_URL_LENGTH } from './domain/endpoint-address';
import type { WebhookEndpoint } from './webhook-endpoint.schema';

export class RegisterEndpointDto {
  @ApiProperty({ example: 'https://grc.acme.example/hooks/forewarn', description: 'https (http only outside production); a public host: internal addresses are refused here and at every delivery' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ENDPOINT_URL_LENGTH)
  url!: string;

  @ApiProperty({ enum: NOTICE_TOPICS, isArray: true, description: 'Which notices it receives' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(NOTICE_TOPICS, { each: true })
  notices!: NoticeTopic[];

  @ApiPropertyOptional({ example: 'Acme GRC platform', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ default: DEFAULT_ROTATION_OVERLAP_HOURS, minimum: 0, maximum: MAX_ROTATION_OVERLAP_HOURS, description: 'How long the current secret keeps signing beside the new one; 0 retires it at once (a leaked secret)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ROTATION_OVERLAP_HOURS)
  overlapHours?: number;
}

export class EndpointSecretView {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ description: 'When it stops signing (a rotation replaced it)' }) retiresAt?: string;
}

export class WebhookEndpointView {
  @ApiProperty() id!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: NOTICE_TOPICS, isArray: true }) notices!: NoticeTopic[];
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ enum: ['active', 'removed'] }) status!: string;
  @ApiProperty({ type: [EndpointSecretView], description: 'The secrets that sign deliveries (their ids and dates; the secrets themselves are shown once)' }) secrets!: EndpointSecretView[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiPropertyOptional() removedAt?: string;
}

export class EndpointWithSecretView extends WebhookEndpointView {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret (Standard Webhooks). Shown in this answer only: store it now.' })
  secret!: string;
}

const iso = (d?: Date) => (d ? new Date(d).toISOString() : undefined);

export function endpointViewOf(e: WebhookEndpoint, now: Date): WebhookEndpointView {
  return {
    id: e._id,
    customerId: e.customerId,
    url: e.url,
    notices: e.notices,
    ...(e.description ? { description: e.description } : {}),
    status: e.status,
    secrets: e.secrets.filter((s) => !s.retiresAt || new Date(s.retiresAt) > now).map((s) => ({ id: s.id, createdAt: iso(s.createdAt)!, ...(s.retiresAt ? { retiresAt: iso(s.retiresAt) } : {}) })),
    createdAt: iso(e.createdAt)!,
    createdBy: e.createdBy,
    ...(e.removedAt ? { removedAt: iso(e.removedAt) } : {}),
  };
}
