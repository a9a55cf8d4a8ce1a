import { IsArray, IsISO8601, IsOptional, IsString, IsNotEmpty } from 'class-validator';

/** What customers are told about a subprocessor, copied into events so no service reads another's data. */
export class SubprocessorSnapshot {
  @IsString() @IsNotEmpty() id!: string;
  @IsString() @IsNotEmpty() name!: string;
  @IsString() @IsNotEmpty() category!: string;
  @IsString() @IsNotEmpty() purpose!: string;
  @IsArray() @IsString({ each: true }) dataCategories!: string[];
  @IsArray() @IsString({ each: true }) locations!: string[];
  @IsOptional() @IsString() legalEntity?: string;
  @IsOptional() @IsString() transferMechanism?: string;
  @IsOptional() @IsISO8601() dpaSignedAt?: string;
  @IsOptional() @IsString() website?: string;
}
