import { IsString, MaxLength, MinLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { EvidenceSigningKeySetting, evidenceKeyProblems } from '@forewarn/evidence';
import { IntSetting, ServiceConfig } from '@forewarn/platform';
import { parseOffsetsHours } from './breaches/domain/breach-deadlines';

@ValidatorConstraint({ name: 'offsetsHours' })
class OffsetsHours implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseOffsetsHours(value) !== undefined;
  }

  defaultMessage(): string {
    return 'ESCALATION_OFFSETS_HOURS must be a comma-separated list of positive hours, e.g. 24,6,1';
  }
}

export class BreachConfig extends ServiceConfig {
  override PORT = 3003;

  /** Hours after awareness within which affected customers (the controllers) are told, where we are processor. */
  @IntSetting(1, 24 * 30)
  CUSTOMER_NOTICE_SLA_HOURS = 24;

  /** Responders are reminded this many hours before each deadline. */
  @Validate(OffsetsHours)
  ESCALATION_OFFSETS_HOURS = '24,6,1';

  /** The contact point Art. 33(3)(b) asks every notice and the authority report to name. */
  @IsString()
  @MinLength(3, { message: 'DPO_CONTACT must name the data protection officer or contact point' })
  @MaxLength(500)
  DPO_CONTACT = 'Data Protection Officer, dpo@forewarn.example';

  /** The organisation's registration number with the ICO (data protection fee), as the report's "about you" asks. */
  @IsString()
  @MaxLength(40)
  ICO_REGISTRATION_NUMBER = '';

  /**
   * The Ed25519 key that signs evidence bundles: its 32-byte seed, base64url. Required in
   * production; without it a key is made at each start (bundles signed before a restart then
   * verify only against the key they name).
   */
  @EvidenceSigningKeySetting()
  EVIDENCE_SIGNING_KEY?: string;

  /** The organisation reporting, as the authority report names it. */
  @IsString()
  @MaxLength(300)
  ORGANISATION_NAME = '';

  override productionProblems(): string[] {
    return [...super.productionProblems(), ...evidenceKeyProblems(this.EVIDENCE_SIGNING_KEY)];
  }
}
