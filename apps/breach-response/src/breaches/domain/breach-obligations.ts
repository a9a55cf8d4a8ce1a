import type { BreachDeadlineKind, BreachRole, RiskLevel } from '@forewarn/contracts';
import type { BreachDeadline } from './breach-deadlines';
import { Art34Exemption, dataSubjectDutyOf } from './data-subject-duty';

/** Who must be told: the supervisory authority (Art. 33), each affected customer, the data subjects (Art. 34). */
export const OBLIGATION_KINDS = ['authority', 'customer', 'data-subjects'] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];
export const NOTIFICATION_PHASES = ['initial', 'follow-up'] as const;
export type NotificationPhase = (typeof NOTIFICATION_PHASES)[number];

/** One notification actually given, with what it said. */
export interface NotificationRecord {
  /** `authority`, `data-subjects`, `customer:<customerId>` or `customer:all`. */
  obligation: string;
  phase: NotificationPhase;
  sentAt: Date;
  sentBy: string;
  /** The authority's case reference, or the customer notice id. */
  reference?: string;
  content: Record<string, unknown>;
  late: boolean;
  lateReason?: string;
  /**
   * Customer notices only: when SES first accepted an email of this notice for the customer. A
   * customer is told when an email reached the provider, not when the notice was requested.
   */
  reachedAt?: Date;
}

export interface Obligation {
  key: string;
  kind: ObligationKind;
  customerId?: string;
  deadline?: BreachDeadlineKind;
  dueAt?: Date;
  notifications: NotificationRecord[];
  /** Data subjects only: the Art. 34(3) exemption that discharges the duty without telling them. */
  exemption?: Art34Exemption;
}

export interface ObligationBasis {
  deadlines: BreachDeadline[];
  role: BreachRole;
  riskLevel?: RiskLevel;
  affectedCustomerIds: string[] | 'all';
  art34Exemption?: Art34Exemption;
}

/**
 * The obligations that apply now, derived from the breach's facts so that a change of role, risk
 * or awareness re-derives them, each carrying the notifications already recorded against it.
 */
export function obligationsOf(basis: ObligationBasis, given: NotificationRecord[]): Obligation[] {
  const dueOf = (kind: BreachDeadlineKind) => basis.deadlines.find((d) => d.kind === kind)?.dueAt;
  const of = (key: string) => given.filter((n) => n.obligation === key);
  const obligations: Obligation[] = [];
  const authorityDue = dueOf('authority-report');
  if (authorityDue) {
    obligations.push({ key: 'authority', kind: 'authority', deadline: 'authority-report', dueAt: authorityDue, notifications: of('authority') });
  }
  const customerDue = dueOf('customer-notice');
  if (customerDue) {
    const ids = basis.affectedCustomerIds === 'all' ? ['all'] : basis.affectedCustomerIds;
    for (const customerId of ids) {
      const key = `customer:${customerId}`;
      obligations.push({ key, kind: 'customer', customerId, deadline: 'customer-notice', dueAt: customerDue, notifications: of(key) });
    }
  }
  // Art. 34: "without undue delay" where the risk to people is high; no fixed number of hours. Only
  // a controller owes it: as processor only, the customers decide for their own data subjects.
  if (dataSubjectDutyOf(basis) === 'ours') {
    const exemption = basis.art34Exemption ? { exemption: basis.art34Exemption } : {};
    obligations.push({ key: 'data-subjects', kind: 'data-subjects', notifications: of('data-subjects'), ...exemption });
  }
  return obligations;
}

/** Whether the notification was given: for a customer, an email of it accepted by SES; otherwise recorded. */
export const isGiven = (o: Pick<Obligation, 'kind'>, n: NotificationRecord) => o.kind !== 'customer' || !!n.reachedAt;

export const initialSent = (o: Obligation) => o.notifications.some((n) => n.phase === 'initial' && isGiven(o, n));

/** Nothing more is owed: the initial notification was given, or an Art. 34(3) exemption applies. */
export const isDischarged = (o: Obligation) => !!o.exemption || initialSent(o);

/** A customer notice was requested and SES has accepted no email of it for this customer yet. */
export const awaitingReach = (o: Obligation) => o.kind === 'customer' && !initialSent(o) && o.notifications.some((n) => n.phase === 'initial');

/** A deadline is met once every obligation it governs has had its initial notification. */
export function isDeadlineMet(kind: BreachDeadlineKind, obligations: Obligation[]): boolean {
  return obligations.filter((o) => o.deadline === kind).every(isDischarged);
}

export class LateReasonRequiredError extends Error {}

/**
 * The phase of the next notification for an obligation and whether it is late. An initial
 * notification after its due time needs a reason, unless the missed deadline already has one.
 */
export function nextNotification(
  obligation: Obligation,
  at: Date,
  lateReason: string | undefined,
  missedReason: string | undefined,
): { phase: NotificationPhase; late: boolean; lateReason?: string } {
  const phase: NotificationPhase = initialSent(obligation) ? 'follow-up' : 'initial';
  const late = phase === 'initial' && !!obligation.dueAt && at > obligation.dueAt;
  const reason = lateReason?.trim() || (late ? missedReason : undefined);
  if (late && !reason) {
    throw new LateReasonRequiredError(
      `lateReason is required: the ${obligation.kind} notification was due at ${obligation.dueAt!.toISOString()}`,
    );
  }
  return { phase, late, ...(late && reason ? { lateReason: reason } : {}) };
}
