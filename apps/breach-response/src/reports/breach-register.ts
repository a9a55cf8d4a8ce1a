import type { BreachState } from '../breaches/breaches.service';
import { dataSubjectDutyOf, describeDataSubjectDuty } from '../breaches/domain/data-subject-duty';

const iso = (d: Date | undefined | null) => (d ? new Date(d).toISOString() : '');

export interface RegisterRow {
  reference: string;
  title: string;
  status: string;
  role: string;
  riskLevel: string;
  awareAt: string;
  occurredAt: string;
  reportedAt: string;
  description: string;
  nature: string;
  dataCategories: string;
  approxDataSubjects: number;
  approxRecords: number;
  likelyConsequences: string;
  measures: string;
  measuresAfter: string;
  decision: string;
  decisionReason: string;
  authorityReportDueAt: string;
  authorityNotifiedAt: string;
  icoReference: string;
  customerNoticeDueAt: string;
  customersNotifiedAt: string;
  dataSubjectsNotifiedAt: string;
  dataSubjectsDecision: string;
  missedDeadlines: string;
  closedAt: string;
}

/**
 * The decision Art. 33(5) asks to document for every breach, reported or not: whether the ICO was
 * (or must be) told, and why.
 */
export function decisionOf({ breach: b, obligations }: BreachState): { decision: string; reason: string } {
  if (b.status === 'not-a-breach') return { decision: 'not a personal data breach', reason: b.statusReason ?? '' };
  const authority = obligations.find((o) => o.kind === 'authority');
  const risk = b.riskReason ?? (b.riskLevel ? `risk assessed as ${b.riskLevel}` : 'risk not yet assessed, so treated as a risk');
  if (authority) {
    const initial = authority.notifications.find((n) => n.phase === 'initial');
    if (!initial) return { decision: 'report to the ICO due', reason: risk };
    return { decision: 'reported to the ICO', reason: initial.late ? `${risk}; reported late: ${initial.lateReason}` : risk };
  }
  if (!b.awareAt) return { decision: 'awaiting assessment', reason: 'awareness not yet established' };
  if (b.role === 'processor') return { decision: 'not reported to the ICO by us: processor', reason: 'the customers (controllers) decide; they are notified' };
  return { decision: 'not reported to the ICO: risk unlikely', reason: b.riskReason ?? 'risk to individuals assessed as unlikely (Art. 33(1))' };
}

export function registerRowOf(state: BreachState): RegisterRow {
  const { breach: b, obligations, deadlines } = state;
  const firstSent = (kind: string) =>
    obligations
      .filter((o) => o.kind === kind)
      .flatMap((o) => o.notifications.filter((n) => n.phase === 'initial'))
      .map((n) => n.sentAt)
      .sort((x, y) => new Date(x).getTime() - new Date(y).getTime())[0];
  const authority = obligations.find((o) => o.kind === 'authority');
  const decision = decisionOf(state);
  return {
    reference: b.reference,
    title: b.title,
    status: b.status,
    role: b.role,
    riskLevel: b.riskLevel ?? '',
    awareAt: iso(b.awareAt),
    occurredAt: iso(b.occurredAt),
    reportedAt: iso(b.reportedAt),
    description: b.description,
    nature: b.nature.join('; '),
    dataCategories: b.dataCategories.join('; '),
    approxDataSubjects: b.approxDataSubjects,
    approxRecords: b.approxRecords,
    likelyConsequences: b.likelyConsequences ?? '',
    measures: b.measures ?? '',
    measuresAfter: b.measuresAfter ?? '',
    decision: decision.decision,
    decisionReason: decision.reason,
    authorityReportDueAt: iso(deadlines.find((d) => d.kind === 'authority-report')?.dueAt),
    authorityNotifiedAt: iso(firstSent('authority')),
    icoReference: authority?.notifications.map((n) => n.reference).filter(Boolean).at(-1) ?? '',
    customerNoticeDueAt: iso(deadlines.find((d) => d.kind === 'customer-notice')?.dueAt),
    customersNotifiedAt: iso(firstSent('customer')),
    dataSubjectsNotifiedAt: iso(firstSent('data-subjects')),
    dataSubjectsDecision: describeDataSubjectDuty(dataSubjectDutyOf(b), b.art34Exemption),
    missedDeadlines: b.missedDeadlines.map((m) => `${m.kind} due ${iso(m.dueAt)}: ${m.reason ?? 'reason not yet given'}`).join('; '),
    closedAt: iso(b.closedAt),
  };
}

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const REGISTER_COLUMNS: (keyof RegisterRow)[] = [
  'reference', 'title', 'status', 'role', 'riskLevel', 'awareAt', 'occurredAt', 'reportedAt', 'description', 'nature', 'dataCategories',
  'approxDataSubjects', 'approxRecords', 'likelyConsequences', 'measures', 'measuresAfter', 'decision', 'decisionReason', 'authorityReportDueAt',
  'authorityNotifiedAt', 'icoReference', 'customerNoticeDueAt', 'customersNotifiedAt', 'dataSubjectsNotifiedAt', 'dataSubjectsDecision',
  'missedDeadlines', 'closedAt',
];

export function registerCsv(rows: RegisterRow[]): string {
  return [REGISTER_COLUMNS.join(','), ...rows.map((r) => REGISTER_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}
