import { MATERIAL_FIELDS, SCC_MODULES, SUBPROCESSOR_STATUSES, TRANSFER_MECHANISMS, transferMechanismLabel } from '@forewarn/contracts';
import { asLines, codes, FormFields, lines, text, withoutEmpty } from '../forms/form-values';

/** A subprocessor as the registry answers. */
export interface Subprocessor {
  id: string;
  name: string;
  status: (typeof SUBPROCESSOR_STATUSES)[number];
  category: string;
  purpose: string;
  dataCategories: string[];
  dataSubjectCategories?: string[];
  locations: string[];
  corporateLocation?: string;
  transferMechanism?: string;
  transferMechanismLabel?: string;
  sccModule?: string;
  legalEntity?: string;
  address?: string;
  dpaReference?: string;
  dpaSignedAt?: string;
  website?: string;
  productsCovered?: string[];
  history: { status: string; at: string; by: string; changeId?: string; note?: string }[];
}

export const SUBPROCESSOR_FIELDS = [
  'name', 'legalEntity', 'address', 'category', 'purpose', 'dataCategories', 'dataSubjectCategories', 'locations', 'corporateLocation',
  'transferMechanism', 'sccModule', 'dpaReference', 'dpaSignedAt', 'website', 'productsCovered',
] as const;

export const transferMechanismOptions = TRANSFER_MECHANISMS.map((value) => ({ value, label: transferMechanismLabel(value) }));
export const sccModuleOptions = SCC_MODULES.map((value) => ({ value, label: transferMechanismLabel('eu-sccs', value).replace(/^.*, (Module)/, '$1') }));

/** The API body a subprocessor form describes (empty fields left out). */
export function subprocessorBodyOf(form: FormFields): Record<string, unknown> {
  const signed = text(form.dpaSignedAt);
  return withoutEmpty({
    name: text(form.name),
    legalEntity: text(form.legalEntity),
    address: text(form.address),
    category: text(form.category),
    purpose: text(form.purpose),
    dataCategories: lines(form.dataCategories),
    dataSubjectCategories: lines(form.dataSubjectCategories),
    locations: codes(form.locations),
    corporateLocation: codes(form.corporateLocation)?.[0],
    transferMechanism: text(form.transferMechanism),
    sccModule: text(form.sccModule),
    dpaReference: text(form.dpaReference),
    dpaSignedAt: signed && /^\d{4}-\d{2}-\d{2}$/.test(signed) ? `${signed}T00:00:00.000Z` : signed,
    website: text(form.website),
    productsCovered: lines(form.productsCovered),
  });
}

/** A record as a form shows it (lists one per line, codes comma-separated). */
export function subprocessorFormValuesOf(record: Subprocessor): Record<string, string> {
  return {
    name: record.name,
    legalEntity: record.legalEntity ?? '',
    address: record.address ?? '',
    category: record.category,
    purpose: record.purpose,
    dataCategories: asLines(record.dataCategories),
    dataSubjectCategories: asLines(record.dataSubjectCategories),
    locations: record.locations.join(', '),
    corporateLocation: record.corporateLocation ?? '',
    transferMechanism: record.transferMechanism ?? '',
    sccModule: record.sccModule ?? '',
    dpaReference: record.dpaReference ?? '',
    dpaSignedAt: record.dpaSignedAt?.slice(0, 10) ?? '',
    website: record.website ?? '',
    productsCovered: asLines(record.productsCovered),
  };
}

/**
 * What an edit changes: only the fields whose value differs from the record, since a listed
 * subprocessor refuses any material field in an edit, even unchanged.
 */
export function subprocessorEditOf(record: Subprocessor, form: FormFields): Record<string, unknown> {
  const before = subprocessorBodyOf(subprocessorFormValuesOf(record));
  const after = subprocessorBodyOf(form);
  return Object.fromEntries(Object.entries(after).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(before[field])));
}

/** Once on the public list, these change only through an update change notice with its notice period. */
export const isMaterial = (record: Pick<Subprocessor, 'status'> | undefined, field: string): boolean =>
  !!record && record.status !== 'pending' && (MATERIAL_FIELDS as readonly string[]).includes(field);

/** The list page: search by name, category or purpose; grouped by category, in name order. */
export function subprocessorsByCategory(records: readonly Subprocessor[]): { category: string; subprocessors: Subprocessor[] }[] {
  const groups = new Map<string, Subprocessor[]>();
  for (const record of [...records].sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name))) {
    groups.set(record.category, [...(groups.get(record.category) ?? []), record]);
  }
  return [...groups].map(([category, subprocessors]) => ({ category, subprocessors }));
}

export function matchingSubprocessors(records: readonly Subprocessor[], search: unknown): Subprocessor[] {
  const words = (typeof search === 'string' ? search : '').toLowerCase().split(/\s+/).filter(Boolean);
  return records.filter((r) => {
    const haystack = `${r.name} ${r.category} ${r.purpose} ${r.legalEntity ?? ''}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
