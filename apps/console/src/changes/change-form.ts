import { CHANGE_KINDS } from '@forewarn/contracts';
import { changeKindLabel } from '@forewarn/wording';
import { codes, FormFields, lines, text, withoutEmpty } from '../forms/form-values';
import { londonInputToDate } from '../forms/london-time-input';

export interface ChangeNotice {
  id: string;
  kind: (typeof CHANGE_KINDS)[number];
  subprocessorId: string;
  replacesSubprocessorId?: string;
  summary: string;
  proposed?: Record<string, unknown>;
  status: 'draft' | 'announced' | 'effective' | 'cancelled';
  effectiveAt: string;
  announcedAt?: string;
  noticePeriodDays?: number;
  noticePeriodTerms?: NoticePeriodNow['customerTerms'];
  cancelledAt?: string;
  cancelReason?: string;
  subprocessor?: { name: string };
  history: { action: string; at: string; by: string; effectiveAt?: string; previousEffectiveAt?: string; reason?: string }[];
  objections: { id: string; status: string; customerId: string; customerName: string; contactEmail?: string; reason?: string; receivedAt?: string; resolvedAt?: string; resolvedBy?: string; resolutionNote?: string }[];
  objectionCount: { total: number; open: number; resolved: number; withdrawn: number };
  listVersions?: { version: number; at: string; action: string }[];
  authorisations?: CustomerAuthorisation[];
  heldSince?: string;
}

/** Where a customer under specific authorisation stands on a change. */
export interface CustomerAuthorisation {
  customerId: string;
  customerName: string;
  state: 'pending' | 'approved' | 'objected' | 'decided';
  requestedAt: string;
  answeredAt?: string;
  answeredBy?: string;
  objection?: string;
  decision?: { outcome: string; reason: string; at: string; by: string };
}

export const decisionOptions = [
  { value: 'data-excluded', label: "Its data is kept out of this subprocessor" },
  { value: 'contract-terminated', label: 'Its contract ends' },
  { value: 'approved-in-writing', label: 'It approved in writing, outside the link' },
];

export const CHANGE_FIELDS = ['kind', 'subprocessorId', 'replacesSubprocessorId', 'effectiveAt', 'summary', 'proposed'] as const;

/** A date field's value as the API wants it; what is not a UK date and time is sent as typed, for the API to name. */
const instantOf = (value: unknown) => londonInputToDate(value)?.toISOString() ?? text(value);

/** The proposed values of an update change: the fields filled in under "what changes". */
export function proposedOf(form: FormFields): Record<string, unknown> | undefined {
  const proposed = withoutEmpty({
    category: text(form['proposed.category']),
    purpose: text(form['proposed.purpose']),
    dataCategories: lines(form['proposed.dataCategories']),
    dataSubjectCategories: lines(form['proposed.dataSubjectCategories']),
    locations: codes(form['proposed.locations']),
    corporateLocation: codes(form['proposed.corporateLocation'])?.[0],
    transferMechanism: text(form['proposed.transferMechanism']),
    sccModule: text(form['proposed.sccModule']),
  });
  return Object.keys(proposed).length ? proposed : undefined;
}

export function changeBodyOf(form: FormFields): Record<string, unknown> {
  return withoutEmpty({
    kind: text(form.kind),
    subprocessorId: text(form.subprocessorId),
    replacesSubprocessorId: text(form.kind) === 'replacement' ? text(form.replacesSubprocessorId) : undefined,
    effectiveAt: instantOf(form.effectiveAt),
    summary: text(form.summary),
    proposed: text(form.kind) === 'update' ? proposedOf(form) : undefined,
  });
}

export const rescheduleBodyOf = (form: FormFields) => withoutEmpty({ effectiveAt: instantOf(form.effectiveAt), reason: text(form.reason) });

export const kindOptions = CHANGE_KINDS.map((value) => ({ value, label: changeKindLabel(value) }));

/** The notice period the registry holds changes to now, and whose terms set it when customers' do. */
export interface NoticePeriodNow {
  noticePeriodDays: number;
  earliestEffectiveAt: string;
  customerTerms?: { longestDays: number; setBy: string[]; setByCount: number; periods: { noticePeriodDays: number; customers: number }[] };
}

/** A 422 for a date too close, in words, with the earliest date in UK time. */
export function noticePeriodProblem(body: Record<string, unknown>, formatDate: (iso: string) => string): string | undefined {
  if (typeof body.earliestEffectiveAt !== 'string') return undefined;
  const days = typeof body.noticePeriodDays === 'number' ? body.noticePeriodDays : 30;
  const setByCount = (body.customerTerms as NoticePeriodNow['customerTerms'])?.setByCount;
  const why = setByCount ? ` (${setByCount === 1 ? "a customer's terms ask" : `${setByCount} customers' terms ask`} for that)` : '';
  return `Customers must be told at least ${days} days before a change takes effect${why}, so this date is too soon. The earliest effective date is ${formatDate(body.earliestEffectiveAt)}.`;
}
