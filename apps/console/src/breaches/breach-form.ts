import { BREACH_NATURES, BREACH_ROLES, CIA_CLASSES, RISK_LEVELS, YES_NO_UNKNOWN } from '@forewarn/contracts';
import { asLines, FormFields, lines, text, typedNumber, withoutEmpty } from '../forms/form-values';
import { londonInputToDate, londonInputValue } from '../forms/london-time-input';
import type { BreachClock } from './breach-clocks';

/** A breach as the breach service answers (the fields the console shows). */
export interface Breach {
  id: string;
  reference: string;
  title: string;
  description: string;
  status: string;
  statusReason?: string;
  allowedTransitions: string[];
  awareAt?: string;
  occurredAt?: string;
  occurredUntil?: string;
  howDiscovered?: string;
  cyberIncident?: string;
  staffInvolved?: string;
  nature: string[];
  ciaClassification?: string[];
  dataCategories: string[];
  specialCategoryData: boolean;
  specialCategories?: string[];
  dataSubjectCategories?: string[];
  approxDataSubjects: number;
  approxRecords: number;
  role: string;
  affectedCustomerIds: string[] | 'all';
  likelyConsequences?: string;
  measures?: string;
  measuresBefore?: string;
  measuresAfter?: string;
  othersInformed?: string;
  reporter?: { name?: string; role?: string; email?: string; phone?: string };
  staffTrained?: string;
  crossBorderProcessing?: string;
  leadAuthority?: string;
  riskLevel?: string;
  riskReason?: string;
  art34: { duty: string; summary: string };
  clocks: BreachClock[];
  obligations: { key: string; kind: string; customerId?: string; status: string; dueAt?: string; notifications: { phase: string; sentAt?: string; reference?: string; late?: boolean; lateReason?: string }[] }[];
  customerNotices: { noticeId: string; phase: string; requestedAt: string; requestedBy: string; message?: string; deliveries?: Record<string, number> }[];
  openProblems: { message: string }[];
  reportedAt: string;
  reportedBy: string;
}

export const BREACH_FIELDS = [
  'title', 'description', 'awareAt', 'occurredAt', 'occurredUntil', 'howDiscovered', 'cyberIncident', 'staffInvolved', 'nature', 'ciaClassification',
  'dataCategories', 'specialCategoryData', 'specialCategories', 'dataSubjectCategories', 'approxDataSubjects', 'approxRecords', 'role',
  'affectedCustomerIds', 'likelyConsequences', 'measures', 'measuresBefore', 'measuresAfter', 'othersInformed', 'reporter', 'staffTrained',
  'crossBorderProcessing', 'leadAuthority', 'riskLevel', 'riskReason',
] as const;

const options = (values: readonly string[], words: Record<string, string> = {}) => values.map((value) => ({ value, label: words[value] ?? value }));
export const BREACH_OPTIONS = {
  yesNo: options(YES_NO_UNKNOWN, { yes: 'Yes', no: 'No', unknown: 'Not yet known' }),
  natures: options(BREACH_NATURES),
  cia: options(CIA_CLASSES),
  roles: options(BREACH_ROLES, { controller: 'Controller: our own users\' data', processor: 'Processor: our customers\' data', both: 'Both' }),
  risks: options(RISK_LEVELS, { unlikely: 'Unlikely to result in a risk', risk: 'A risk to people', high: 'A high risk to people' }),
};

const many = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : []);
const instant = (value: unknown) => londonInputToDate(value)?.toISOString() ?? text(value);

/** The API body the breach form describes; `affected` is `all` or a list of customer ids. */
export function breachBodyOf(form: FormFields): Record<string, unknown> {
  const reporter = withoutEmpty({ name: text(form['reporter.name']), role: text(form['reporter.role']), email: text(form['reporter.email']), phone: text(form['reporter.phone']) });
  return withoutEmpty({
    title: text(form.title),
    description: text(form.description),
    awareAt: instant(form.awareAt),
    occurredAt: instant(form.occurredAt),
    occurredUntil: instant(form.occurredUntil),
    howDiscovered: text(form.howDiscovered),
    cyberIncident: text(form.cyberIncident),
    staffInvolved: text(form.staffInvolved),
    nature: many(form.nature),
    ciaClassification: many(form.ciaClassification).length ? many(form.ciaClassification) : undefined,
    dataCategories: lines(form.dataCategories) ?? [],
    specialCategoryData: form.specialCategoryData === 'yes',
    specialCategories: lines(form.specialCategories),
    dataSubjectCategories: lines(form.dataSubjectCategories),
    approxDataSubjects: typedNumber(form.approxDataSubjects),
    approxRecords: typedNumber(form.approxRecords),
    role: text(form.role),
    affectedCustomerIds: form.affected === 'all' ? 'all' : (lines(String(form.affectedCustomerIds ?? '').replace(/[,;\s]+/g, '\n')) ?? []),
    likelyConsequences: text(form.likelyConsequences),
    measures: text(form.measures),
    measuresBefore: text(form.measuresBefore),
    measuresAfter: text(form.measuresAfter),
    othersInformed: text(form.othersInformed),
    reporter: Object.keys(reporter).length ? reporter : undefined,
    staffTrained: text(form.staffTrained),
    crossBorderProcessing: text(form.crossBorderProcessing),
    leadAuthority: text(form.leadAuthority),
    riskLevel: text(form.riskLevel),
    riskReason: text(form.riskReason),
  });
}

/** A stored breach as the form shows it. */
export function breachFormValuesOf(b: Breach): FormFields {
  const local = (iso?: string) => (iso ? londonInputValue(new Date(iso)) : '');
  return {
    ...b,
    awareAt: local(b.awareAt),
    occurredAt: local(b.occurredAt),
    occurredUntil: local(b.occurredUntil),
    dataCategories: asLines(b.dataCategories),
    specialCategoryData: b.specialCategoryData ? 'yes' : '',
    specialCategories: asLines(b.specialCategories),
    dataSubjectCategories: asLines(b.dataSubjectCategories),
    approxDataSubjects: String(b.approxDataSubjects),
    approxRecords: String(b.approxRecords),
    affected: b.affectedCustomerIds === 'all' ? 'all' : 'listed',
    affectedCustomerIds: b.affectedCustomerIds === 'all' ? '' : asLines(b.affectedCustomerIds),
    'reporter.name': b.reporter?.name ?? '',
    'reporter.role': b.reporter?.role ?? '',
    'reporter.email': b.reporter?.email ?? '',
    'reporter.phone': b.reporter?.phone ?? '',
  };
}

/** An edit sends only what changed: a changed awareAt, role, risk or customer list moves the deadlines. */
export function breachEditOf(b: Breach, form: FormFields): Record<string, unknown> {
  const before = breachBodyOf(breachFormValuesOf(b));
  const after = breachBodyOf(form);
  return Object.fromEntries(Object.entries(after).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(before[field])));
}
