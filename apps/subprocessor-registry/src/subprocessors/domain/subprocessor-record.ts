import { CountryCodes } from 'validator/lib/isISO31661Alpha2';

/** ISO 3166-1 alpha-2, the official list (validator.js's table), sorted for the OpenAPI enum. */
export const COUNTRY_CODES: readonly string[] = [...CountryCodes].sort();

const countryNames = new Intl.DisplayNames('en-GB', { type: 'region', fallback: 'code' });

export function countryName(code: string): string {
  return countryNames.of(code) ?? code;
}

/** The legal ground for sending customer data to the subprocessor's locations (UK GDPR Chapter V). */
export const TRANSFER_MECHANISMS = [
  'uk-adequacy',
  'uk-idta',
  'uk-addendum',
  'eu-sccs',
  'eu-adequacy',
  'dpf',
  'bcrs',
  'none-needed',
] as const;
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];

const transferMechanismLabels: Record<TransferMechanism, string> = {
  'uk-adequacy': 'UK adequacy regulations',
  'uk-idta': 'UK International Data Transfer Agreement (IDTA)',
  'uk-addendum': 'UK Addendum to the EU Standard Contractual Clauses',
  'eu-sccs': 'EU Standard Contractual Clauses (2021)',
  'eu-adequacy': 'EU adequacy decision',
  dpf: 'EU-US Data Privacy Framework (with the UK Extension)',
  bcrs: 'Binding Corporate Rules',
  'none-needed': 'None needed: the data stays in the UK',
};

/** The four modules of the 2021 EU SCCs, by the parties' roles. */
export const SCC_MODULES = ['module-1', 'module-2', 'module-3', 'module-4'] as const;
export type SccModule = (typeof SCC_MODULES)[number];

const sccModuleLabels: Record<SccModule, string> = {
  'module-1': 'Module One, controller to controller',
  'module-2': 'Module Two, controller to processor',
  'module-3': 'Module Three, processor to processor',
  'module-4': 'Module Four, processor to controller',
};

/** How a visitor reads the mechanism, with the SCC module when there is one. */
export function transferMechanismLabel(mechanism: TransferMechanism, sccModule?: SccModule): string {
  const label = transferMechanismLabels[mechanism];
  return mechanism === 'eu-sccs' && sccModule ? `${label}, ${sccModuleLabels[sccModule]}` : label;
}

/**
 * `pending` while registered but not yet on the list (its addition is not effective), `active`
 * on the list, `retiring` on the list with an announced removal or replacement, `removed` after.
 */
export const SUBPROCESSOR_STATUSES = ['pending', 'active', 'retiring', 'removed'] as const;
export type SubprocessorStatus = (typeof SUBPROCESSOR_STATUSES)[number];

/** The public list shows what is in force: active subprocessors and those still retiring. */
export const ON_PUBLIC_LIST: readonly SubprocessorStatus[] = ['active', 'retiring'];

/** What an `update` change notice may change, at its effective date. */
export const NOTICE_FIELDS = [
  'category',
  'purpose',
  'dataCategories',
  'dataSubjectCategories',
  'locations',
  'corporateLocation',
  'transferMechanism',
  'sccModule',
] as const;

/**
 * What customers were told about. Once a subprocessor is on the list these change only through an
 * `update` change notice with its notice period; before that they can be edited freely.
 */
export const MATERIAL_FIELDS = ['name', ...NOTICE_FIELDS] as const;

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
