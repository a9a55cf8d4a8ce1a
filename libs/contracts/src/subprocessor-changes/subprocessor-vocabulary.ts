/*
 * The words a subprocessor record is described in, shared by the registry that keeps the records
 * and the console where staff edit them.
 */

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
