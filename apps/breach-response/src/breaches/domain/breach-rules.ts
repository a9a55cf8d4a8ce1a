import type { BreachDeadlineKind, BreachRole, RiskLevel } from '@forewarn/contracts';
import { BreachDeadline, breachDeadlines } from './breach-deadlines';
import { isDeadlineMet, isDischarged, nextNotification, NotificationRecord, Obligation, obligationsOf } from './breach-obligations';
import { BreachStatus, isFinished, TransitionFacts } from './breach-status';
import type { Art34Exemption } from './data-subject-duty';

/** The facts of a stored breach that its clocks, obligations and moves depend on. */
export interface BreachFacts {
  status: BreachStatus;
  awareAt?: Date;
  occurredAt?: Date;
  occurredUntil?: Date;
  role: BreachRole;
  riskLevel?: RiskLevel;
  affectedCustomerIds: string[] | 'all';
  notifications: NotificationRecord[];
  missedDeadlines: { kind: BreachDeadlineKind; dueAt: Date; reason?: string }[];
  art34Exemption?: Art34Exemption;
  /** Frozen when the breach is logged; breaches logged before it was frozen use the setting. */
  customerNoticeSlaHours?: number;
}

/** The legal deadlines of the breach as it stands (none once it is recorded as not a breach). */
export function deadlinesOf(b: BreachFacts, defaultSlaHours: number): BreachDeadline[] {
  if (b.status === 'not-a-breach') return [];
  return breachDeadlines({ awareAt: b.awareAt, role: b.role, riskLevel: b.riskLevel }, b.customerNoticeSlaHours ?? defaultSlaHours);
}

export function obligationsOfBreach(b: BreachFacts, defaultSlaHours: number): Obligation[] {
  const { role, riskLevel, affectedCustomerIds, art34Exemption } = b;
  return obligationsOf({ deadlines: deadlinesOf(b, defaultSlaHours), role, riskLevel, affectedCustomerIds, art34Exemption }, b.notifications);
}

/** Deadlines still running: not met, not already missed at this due time, breach not finished. */
export function openDeadlines(b: BreachFacts, defaultSlaHours: number): BreachDeadline[] {
  if (isFinished(b.status)) return [];
  const obligations = obligationsOfBreach(b, defaultSlaHours);
  return deadlinesOf(b, defaultSlaHours).filter(
    (d) => !isDeadlineMet(d.kind, obligations) && !b.missedDeadlines.some((m) => m.kind === d.kind && m.dueAt.getTime() === d.dueAt.getTime()),
  );
}

/** Whether a timer set for this deadline and due time still stands for something. */
export function isOpenDeadline(b: BreachFacts, defaultSlaHours: number, deadline: BreachDeadlineKind, dueAt: string): boolean {
  return openDeadlines(b, defaultSlaHours).some((d) => d.kind === deadline && d.dueAt.getTime() === Date.parse(dueAt));
}

export function transitionFactsOf(b: BreachFacts, defaultSlaHours: number): TransitionFacts {
  const obligations = obligationsOfBreach(b, defaultSlaHours);
  return { status: b.status, awareAt: b.awareAt, obligationsApply: obligations.length > 0, obligationsMet: obligations.every(isDischarged) };
}

/** The record of one notification given against an obligation: its phase, and whether (and why) it is late. */
export function notificationFor(
  b: BreachFacts,
  obligation: Obligation,
  given: { sentAt: Date; sentBy: string; lateReason?: string; reference?: string; content: Record<string, unknown> },
): NotificationRecord {
  const missedReason = b.missedDeadlines.filter((m) => m.kind === obligation.deadline && m.reason).at(-1)?.reason;
  const next = nextNotification(obligation, given.sentAt, given.lateReason, missedReason);
  return {
    obligation: obligation.key,
    ...next,
    sentAt: given.sentAt,
    sentBy: given.sentBy,
    ...(given.reference ? { reference: given.reference } : {}),
    content: given.content,
  };
}

export class InvalidBreachFactsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** The dates a create or patch gives, checked against each other, the clock and the breach as stored. */
export function checkBreachDates(
  given: { awareAt?: string; occurredAt?: string; occurredUntil?: string },
  current: Pick<BreachFacts, 'awareAt' | 'occurredAt' | 'occurredUntil'> | undefined,
  now: Date,
): { awareAt?: Date; occurredAt?: Date; occurredUntil?: Date } {
  const date = (v: string | undefined) => (v == null ? undefined : new Date(v));
  const awareAt = date(given.awareAt) ?? current?.awareAt;
  const occurredAt = date(given.occurredAt) ?? current?.occurredAt;
  const occurredUntil = date(given.occurredUntil) ?? current?.occurredUntil;
  const problems: string[] = [];
  if (given.awareAt && awareAt! > now) problems.push('awareAt must not be in the future');
  if (given.occurredAt && occurredAt! > now) problems.push('occurredAt must not be in the future');
  if (occurredAt && awareAt && occurredAt > awareAt) problems.push('occurredAt must not be after awareAt');
  if (occurredUntil && !occurredAt) problems.push('occurredUntil needs occurredAt (the start of the window)');
  if (occurredUntil && occurredAt && occurredUntil < occurredAt) problems.push('occurredUntil must not be before occurredAt');
  if (problems.length) throw new InvalidBreachFactsError(problems);
  return {
    ...(given.awareAt ? { awareAt } : {}),
    ...(given.occurredAt ? { occurredAt } : {}),
    ...(given.occurredUntil ? { occurredUntil } : {}),
  };
}

/**
 * The facts a create or patch sets: its dates checked, and no fact erased by sending null
 * (validation lets an optional field through as null).
 */
export function breachFactsOf<T extends { awareAt?: string; occurredAt?: string; occurredUntil?: string }>(
  given: T,
  current: Pick<BreachFacts, 'awareAt' | 'occurredAt' | 'occurredUntil'> | undefined,
  now: Date,
): Omit<T, 'awareAt' | 'occurredAt' | 'occurredUntil'> & { awareAt?: Date; occurredAt?: Date; occurredUntil?: Date } {
  const nulls = Object.entries(given).filter(([, v]) => v === null).map(([k]) => `${k} must not be null`);
  if (nulls.length) throw new InvalidBreachFactsError(nulls);
  const { awareAt, occurredAt, occurredUntil, ...rest } = given;
  return { ...rest, ...checkBreachDates({ awareAt, occurredAt, occurredUntil }, current, now) };
}

/** A time a responder gives for something already done: now when absent, never in the future. */
export function pastOrNow(value: string | undefined, field: string, now: Date): Date {
  if (!value) return now;
  const at = new Date(value);
  if (at > now) throw new InvalidBreachFactsError([`${field} must not be in the future`]);
  return at;
}

/** The due dates as ISO strings, for events. */
export function deadlineFields(deadlines: BreachDeadline[]): { authorityReportDueAt?: string; customerNoticeDueAt?: string } {
  const dueOf = (k: BreachDeadlineKind) => deadlines.find((d) => d.kind === k)?.dueAt.toISOString();
  return { authorityReportDueAt: dueOf('authority-report'), customerNoticeDueAt: dueOf('customer-notice') };
}

/** The due dates stored beside the facts (lists and the register need no recomputation); null where a clock no longer applies. */
export function deadlineDates(deadlines: BreachDeadline[]): { authorityReportDueAt: Date | null; customerNoticeDueAt: Date | null } {
  const dueOf = (k: BreachDeadlineKind) => deadlines.find((d) => d.kind === k)?.dueAt ?? null;
  return { authorityReportDueAt: dueOf('authority-report'), customerNoticeDueAt: dueOf('customer-notice') };
}

export function describeDeadlines(deadlines: BreachDeadline[]): string {
  return deadlines.length ? deadlines.map((d) => `${d.kind} due ${d.dueAt.toISOString()}`).join('; ') : 'none';
}
