import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsDateTime } from '@forewarn/contracts';
import { NOT_BLANK } from '@forewarn/platform';
import { OTHER_BODIES, type OtherBody, TOLD_STATES, type ToldState } from './breach.schema';

/** The parts of the ICO's breach report form that are lists of structured answers, not single facts. */

const NAME = 200;
const NOT_BLANK_TEXT = new RegExp(NOT_BLANK);

export class ReporterDto {
  @ApiProperty({ maxLength: NAME, pattern: NOT_BLANK, example: 'Sam Patel' }) @IsString() @Matches(NOT_BLANK_TEXT, { message: 'name must not be blank' }) @MaxLength(NAME) name!: string;
  @ApiPropertyOptional({ maxLength: NAME, example: 'Head of Security' }) @IsOptional() @IsString() @MaxLength(NAME) role?: string;
  @ApiPropertyOptional({ format: 'email', maxLength: 320 })
  @IsOptional()
  @IsEmail({ allow_display_name: false, allow_ip_domain: false })
  @MaxLength(320)
  email?: string;
  @ApiPropertyOptional({ maxLength: 40, pattern: '^[0-9+() .-]{3,40}$', example: '+44 20 7946 0000' })
  @IsOptional()
  @Matches(/^[0-9+() .-]{3,40}$/, { message: 'phone may hold digits, spaces and + ( ) . - (3 to 40)' })
  phone?: string;
}

/** A supervisory authority in another country, told or to be told (cross-border breaches). */
export class OtherAuthorityDto {
  @ApiProperty({ maxLength: NAME, pattern: NOT_BLANK, example: 'Data Protection Commission (Ireland)' })
  @IsString()
  @Matches(NOT_BLANK_TEXT, { message: 'authority must not be blank' })
  @MaxLength(NAME)
  authority!: string;
  @ApiPropertyOptional({ maxLength: 100, example: 'IE' }) @IsOptional() @IsString() @MaxLength(100) country?: string;
  @ApiProperty({ enum: TOLD_STATES }) @IsIn(TOLD_STATES) status!: ToldState;
  @ApiPropertyOptional({ format: 'date-time', description: 'When it was told, or is to be told' }) @IsOptional() @IsDateTime() at?: string;
  @ApiPropertyOptional({ maxLength: 100, description: 'Its case reference' }) @IsOptional() @IsString() @MaxLength(100) reference?: string;
}

/** A body told that is not a data protection authority: the police, the NCSC, Action Fraud. */
export class OtherBodyDto {
  @ApiProperty({ enum: OTHER_BODIES }) @IsIn(OTHER_BODIES) body!: OtherBody;
  @ApiPropertyOptional({ maxLength: NAME, description: 'Which one (the force, or the body when "other")' }) @IsOptional() @IsString() @MaxLength(NAME) name?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateTime() at?: string;
  @ApiPropertyOptional({ maxLength: 100, description: 'Crime or case reference' }) @IsOptional() @IsString() @MaxLength(100) reference?: string;
}
