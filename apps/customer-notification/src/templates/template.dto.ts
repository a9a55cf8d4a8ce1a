import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class PreviewTemplateDto {
  @ApiProperty({ description: 'The values the template is rendered with', example: { contact: { name: 'Dana' } } })
  @IsObject()
  data!: Record<string, unknown>;
}
