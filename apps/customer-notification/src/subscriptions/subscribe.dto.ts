import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class SubscribeDto {
  @ApiProperty({ example: 'reader@example.org', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  email!: string;
}

export class SubscriptionRequestedView {
  @ApiProperty({ enum: ['requested'] }) status!: 'requested';
  @ApiProperty() message!: string;
}
