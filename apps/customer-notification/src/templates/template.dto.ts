import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import type { EmailAudience, EmailTemplate } from './email-template';

export class PreviewTemplateDto {
  @ApiProperty({
    description: "The event's data plus `contact: { name, email }`, `customer: { name }`, `links: { notice }` (change emails) or `responder: { email }` (escalations); GET /api/v1/templates gives sample data for each",
    example: { changeId: 'c1', kind: 'addition' },
  })
  @IsObject()
  data!: Record<string, unknown>;
}

export class TemplateView {
  @ApiProperty({ example: 'subprocessor-change-announced' }) name!: string;
  @ApiProperty({ description: 'Recorded with every send; bumped whenever what the template says changes' }) version!: number;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['customer-contact', 'responder', 'public-subscriber'] }) audience!: EmailAudience;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Data to preview it with' }) sampleData!: Record<string, unknown>;
}

export class RenderedEmailView {
  @ApiProperty() template!: string;
  @ApiProperty() templateVersion!: number;
  @ApiProperty({ description: 'One line' }) subject!: string;
  @ApiProperty({ description: 'The HTML body in the shared layout, every value escaped' }) html!: string;
  @ApiProperty({ description: 'The plain-text body' }) text!: string;
}

export const templateViewOf = (t: EmailTemplate): TemplateView => ({
  name: t.name,
  version: t.version,
  description: t.description,
  audience: t.audience,
  sampleData: t.sampleData,
});
