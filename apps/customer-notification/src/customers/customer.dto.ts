import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CustomerDocument, NOTICE_TOPICS, NoticeTopic } from './customer.schema';

export class ContactDto {
  @ApiProperty({ example: 'Dana Scully' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ example: 'dpo@customer.example' }) @IsEmail() @MaxLength(320) email!: string;
  @ApiPropertyOptional({ enum: NOTICE_TOPICS, isArray: true, description: 'Defaults to every kind of notice' })
  @IsOptional()
  @IsArray()
  @IsIn(NOTICE_TOPICS, { each: true })
  receives?: NoticeTopic[];
}

export class CreateCustomerDto {
  @ApiProperty({ example: 'Acme Trading Ltd' }) @IsString() @IsNotEmpty() @MaxLength(300) name!: string;
  @ApiPropertyOptional({ example: 'CRM-1042' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'externalId may hold up to 100 letters, digits, . _ : -' })
  externalId?: string;
  @ApiProperty({ type: [ContactDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'contacts must name at least one contact' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts!: ContactDto[];
}

export interface CustomerView {
  id: string;
  name: string;
  externalId: string;
  status: string;
  contacts: { id: string; name: string; email: string; receives: NoticeTopic[]; active: boolean }[];
  createdAt: string;
}

export function customerViewOf(doc: CustomerDocument): CustomerView {
  return {
    id: doc.id as string,
    name: doc.name,
    externalId: doc.externalId,
    status: doc.status,
    contacts: doc.contacts.map((c) => ({ id: c.id, name: c.name, email: c.email, receives: c.receives, active: c.active })),
    createdAt: doc.createdAt.toISOString(),
  };
}
