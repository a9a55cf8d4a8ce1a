import { CountryCodes } from 'validator/lib/isISO31661Alpha2';

/** ISO 3166-1 alpha-2, the official list (validator.js's table), sorted for the OpenAPI enum. */
export const COUNTRY_CODES: readonly string[] = [...CountryCodes].sort();

const countryNames = new Intl.DisplayNames('en-GB', { type: 'region', fallback: 'code' });

export function countryName(code: string): string {
  return countryNames.of(code) ?? code;
}

import { MATERIAL_FIELDS, SccModule, SubprocessorStatus, TransferMechanism } from '@forewarn/contracts';

export {
  MATERIAL_FIELDS,
  NOTICE_FIELDS,
  ON_PUBLIC_LIST,
  SCC_MODULES,
  SUBPROCESSOR_STATUSES,
  TRANSFER_MECHANISMS,
  transferMechanismLabel,
} from '@forewarn/contracts';
export type { SccModule, SubprocessorStatus, TransferMechanism } from '@forewarn/contracts';

/** A direct edit that would change a listed subprocessor's material fields without notice. */
export class MaterialEditError extends Error {}

export function checkDirectEdit(status: SubprocessorStatus, fields: string[]): void {
  if (status === 'removed') throw new MaterialEditError('a removed subprocessor cannot be edited');
  if (status === 'pending') return;
  const material = fields.filter((f) => (MATERIAL_FIELDS as readonly string[]).includes(f));
  if (material.length > 0) {
    throw new MaterialEditError(
      `${material.join(', ')}: a subprocessor on the public list changes these only through an update change notice (POST /api/v1/changes with kind "update")`,
    );
  }
}

/** A combination of fields that no single field's check can catch; the message starts with the field. */
export class InvalidFieldError extends Error {}

/** The EU SCCs always come with a module, and only they do. */
export function checkTransferMechanism(mechanism?: TransferMechanism, sccModule?: SccModule): void {
  if (mechanism === 'eu-sccs' && !sccModule) {
    throw new InvalidFieldError('sccModule: required when transferMechanism is eu-sccs (module-1 … module-4)');
  }
  if (mechanism !== 'eu-sccs' && sccModule) {
    throw new InvalidFieldError('sccModule: only the EU SCCs (transferMechanism eu-sccs) have a module');
  }
}
