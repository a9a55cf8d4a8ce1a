import type { BreachDeadlineKind, BreachRole, RiskLevel } from '@forewarn/contracts';

const HOUR = 3_600_000;
/** Art. 33(1): "not later than 72 hours after having become aware of it". */
export const AUTHORITY_REPORT_HOURS = 72;

export interface DeadlineBasis {
  awareAt?: Date;
  role: BreachRole;
  riskLevel?: RiskLevel;
}

export interface BreachDeadline {
  kind: BreachDeadlineKind;
  dueAt: Date;
}

/**
 * The legal clocks a breach runs on. The authority report applies where the company is controller
 * and the risk is not assessed as unlikely (an unassessed risk counts as a risk); the customer
 * notice applies where it is processor, within the configured SLA. Both need `awareAt`.
 */
export function breachDeadlines(basis: DeadlineBasis, customerNoticeSlaHours: number): BreachDeadline[] {
  if (!basis.awareAt) return [];
  const aware = basis.awareAt.getTime();
  const deadlines: BreachDeadline[] = [];
  if (basis.role !== 'processor' && basis.riskLevel !== 'unlikely') {
    deadlines.push({ kind: 'authority-report', dueAt: new Date(aware + AUTHORITY_REPORT_HOURS * HOUR) });
  }
  if (basis.role !== 'controller') {
    deadlines.push({ kind: 'customer-notice', dueAt: new Date(aware + customerNoticeSlaHours * HOUR) });
  }
  return deadlines;
}

export interface Escalation {
  hoursBefore: number;
  at: Date;
}

/** When responders are reminded before a deadline; reminders whose time has already passed are skipped. */
export function escalationsFor(dueAt: Date, offsetsHours: readonly number[], now: Date): Escalation[] {
  return [...new Set(offsetsHours)]
    .map((hoursBefore) => ({ hoursBefore, at: new Date(dueAt.getTime() - hoursBefore * HOUR) }))
    .filter((e) => e.at > now && e.at < dueAt)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Parses `ESCALATION_OFFSETS_HOURS` ("24,6,1"); undefined when it is not a list of positive numbers. */
export function parseOffsetsHours(raw: string): number[] | undefined {
  const parts = raw.split(',').map((p) => p.trim());
  const hours = parts.map(Number);
  return parts.length > 0 && parts.every((p) => p !== '') && hours.every((h) => Number.isFinite(h) && h > 0) ? hours : undefined;
}
