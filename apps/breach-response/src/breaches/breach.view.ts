import type { BreachDeadlineKind } from '@forewarn/contracts';
import type { DeliveryCounts } from '../deliveries/breach-deliveries.service';
import { dataAtRiskOf } from './breach.schema';
import { awaitingReach, initialSent, isDeadlineMet } from './domain/breach-obligations';
import { dataSubjectDutyOf, describeDataSubjectDuty } from './domain/data-subject-duty';
import type { BreachState } from './breaches.service';

const iso = (d: Date | undefined | null) => (d ? new Date(d).toISOString() : undefined);

/** A breach as the API shows it: facts, state, clocks, obligations, notices and their delivery progress. */
export function breachViewOf({ breach: b, deadlines, obligations, allowed }: BreachState, deliveries?: Map<string, DeliveryCounts>) {
  const dueOf = (k: BreachDeadlineKind) => iso(deadlines.find((d) => d.kind === k)?.dueAt);
  return {
    id: b.id as string,
    reference: b.reference,
    title: b.title,
    description: b.description,
    status: b.status,
    statusReason: b.statusReason,
    allowedTransitions: allowed,
    awareAt: iso(b.awareAt),
    occurredAt: iso(b.occurredAt),
    occurredUntil: iso(b.occurredUntil),
    howDiscovered: b.howDiscovered,
    cyberIncident: b.cyberIncident,
    staffInvolved: b.staffInvolved,
    ...dataAtRiskOf(b),
    role: b.role,
    affectedCustomerIds: b.affectedCustomerIds,
    likelyConsequences: b.likelyConsequences,
    measures: b.measures,
    measuresBefore: b.measuresBefore,
    measuresAfter: b.measuresAfter,
    othersInformed: b.othersInformed,
    reporter: b.reporter,
    staffTrained: b.staffTrained ?? 'unknown',
    crossBorderProcessing: b.crossBorderProcessing ?? 'unknown',
    leadAuthority: b.leadAuthority,
    otherAuthorities: b.otherAuthorities ?? [],
    otherBodies: b.otherBodies ?? [],
    riskLevel: b.riskLevel,
    riskReason: b.riskReason,
    art34: {
      duty: dataSubjectDutyOf(b),
      summary: describeDataSubjectDuty(dataSubjectDutyOf(b), b.art34Exemption),
      ...(b.art34Exemption ? { exemption: { ...b.art34Exemption, recordedAt: iso(b.art34Exemption.recordedAt) } } : {}),
    },
    deadlines: { authorityReportDueAt: dueOf('authority-report'), customerNoticeDueAt: dueOf('customer-notice') },
    clocks: deadlines.map((d) => {
      const missed = b.missedDeadlines.filter((m) => m.kind === d.kind && new Date(m.dueAt).getTime() === d.dueAt.getTime()).at(-1);
      return {
        kind: d.kind,
        dueAt: d.dueAt.toISOString(),
        met: isDeadlineMet(d.kind, obligations),
        missedAt: iso(missed?.missedAt),
        missedReason: missed?.reason,
        reasonRequired: !!missed && !missed.reason,
        escalationsSent: b.escalations
          .filter((e) => e.kind === d.kind && new Date(e.dueAt).getTime() === d.dueAt.getTime())
          .map((e) => ({ hoursBefore: e.hoursBefore, at: iso(e.at) })),
      };
    }),
    missedDeadlines: b.missedDeadlines.map((m) => ({ kind: m.kind, dueAt: iso(m.dueAt), missedAt: iso(m.missedAt), reason: m.reason, reasonAt: iso(m.reasonAt) })),
    obligations: obligations.map((o) => ({
      key: o.key,
      kind: o.kind,
      customerId: o.customerId,
      deadline: o.deadline,
      dueAt: iso(o.dueAt),
      status: awaitingReach(o) ? 'not-reached' : !initialSent(o) ? (o.exemption ? 'exempt' : 'pending') : o.notifications.some((n) => n.phase === 'initial' && n.late) ? 'sent-late' : 'sent',
      notifications: o.notifications.map((n) => ({
        phase: n.phase,
        sentAt: iso(n.sentAt),
        sentBy: n.sentBy,
        reference: n.reference,
        late: n.late,
        lateReason: n.lateReason,
        reachedAt: iso(n.reachedAt),
        content: n.content,
      })),
    })),
    // Customers whose notice was requested but no email of it was accepted by SES: still owed.
    openProblems: obligations.filter(awaitingReach).map((o) => ({ kind: 'customer-not-reached', customerId: o.customerId, message: `no email of the notice to customer ${o.customerId} has been accepted by SES yet` })),
    customerNotices: b.customerNotices.map((n) => ({
      noticeId: n.noticeId,
      eventId: n.eventId,
      phase: n.phase,
      requestedAt: iso(n.requestedAt),
      requestedBy: n.requestedBy,
      message: n.message,
      ...(deliveries ? { deliveries: deliveries.get(n.eventId) ?? emptyCounts() } : {}),
    })),
    reportedAt: iso(b.reportedAt),
    reportedBy: b.reportedBy,
    closedAt: iso(b.closedAt),
    updatedAt: iso(b.updatedAt),
  };
}

export type BreachView = ReturnType<typeof breachViewOf>;

const emptyCounts = (): DeliveryCounts => ({ sent: 0, delivered: 0, bounced: 0, complained: 0, failed: 0, customers: 0, contacts: 0 });
