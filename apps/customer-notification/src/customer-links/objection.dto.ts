import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ObjectionDto {
  @ApiProperty({ description: 'Why the customer objects (form field `reason`)', maxLength: 4000, example: 'We do not accept hosting by this provider.' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'reason: please tell us why you object' })
  @IsNotEmpty({ message: 'reason: please tell us why you object' })
  @MaxLength(4000, { message: 'reason: please keep it to 4,000 characters' })
  reason!: string;
}

export class ObjectionReceiptView {
  @ApiProperty({ example: '6650f1a2b3c4d5e6f7a8b9c0:9b2e6f10-1c3d-4e5f-8a9b-0c1d2e3f4a5b' }) objectionId!: string;
  @ApiProperty() changeId!: string;
  @ApiProperty({ enum: ['received', 'already-received'] }) status!: 'received' | 'already-received';
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}

export class ApprovalReceiptView {
  @ApiProperty({ example: '6650f1a2b3c4d5e6f7a8b9c0:4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }) approvalId!: string;
  @ApiProperty() changeId!: string;
  @ApiProperty({ enum: ['approved', 'already-approved'] }) status!: 'approved' | 'already-approved';
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
}
