import { IsArray, IsISO8601, IsOptional, IsString, IsNotEmpty } from 'class-validator';

/** What customers are told about a subprocessor, copied into events so no service reads another's data. */
export class SubprocessorSnapshot {
  @IsString() @IsNotEmpty() id!: string;
  @IsString() @IsNotEmpty() name!: string;
  @IsString() @IsNotEmpty() category!: string;
  @IsString() @IsNotEmpty() purpose!: string;
  @IsArray() @IsString({ each: true }) dataCategories!: string[];
  /** Processing locations, ISO 3166-1 alpha-2. */
  @IsArray() @IsString({ each: true }) locations!: string[];
  @IsOptional() @IsString() legalEntity?: string;
  /** A code such as `uk-idta` or `eu-sccs`; `transferMechanismLabel` is how a reader sees it. */
  @IsOptional() @IsString() transferMechanism?: string;
  @IsOptional() @IsISO8601() dpaSignedAt?: string;
  @IsOptional() @IsString() website?: string;
  // Added by the registry's full records; optional so older events stay valid.
  @IsOptional() @IsString() address?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) dataSubjectCategories?: string[];
  /** Where the legal entity is established, ISO 3166-1 alpha-2. */
  @IsOptional() @IsString() corporateLocation?: string;
  @IsOptional() @IsString() transferMechanismLabel?: string;
  /** `module-1` … `module-4` when the mechanism is the EU SCCs. */
  @IsOptional() @IsString() sccModule?: string;
  @IsOptional() @IsString() dpaReference?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) productsCovered?: string[];
}
