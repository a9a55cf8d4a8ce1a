import type {
  BreachAssessed,
  BreachClosed,
  BreachCustomerNoticeRequested,
  BreachDeadlineApproaching,
  BreachDeadlineMissed,
  BreachReported,
} from '@forewarn/contracts';
import type { BreachDeadline } from './domain/breach-deadlines';
import { deadlineFields } from './domain/breach-rules';
import type { NotificationPhase } from './domain/breach-obligations';
import type { BreachStatus } from './domain/breach-status';
import type { BreachTimerPayload } from './breach-timers';
import { Breach, dataAtRiskOf, MissedDeadline } from './breach.schema';

type Stored = Breach & { id?: string };
const iso = (d: Date | undefined) => d?.toISOString();

/** The payloads of the breach's events, built from the stored breach (the event contracts check them when staged). */
export const breachEventPayloads = {
  reported(b: Stored, deadlines: BreachDeadline[], now: Date): BreachReported {
    return {
      breachId: b.id!,
      reference: b.reference,
      title: b.title,
      role: b.role,
      riskLevel: b.riskLevel,
      awareAt: iso(b.awareAt),
      affectedCustomerIds: b.affectedCustomerIds,
      deadlines: deadlineFields(deadlines),
      reportedAt: now.toISOString(),
    };
  },

  assessed(b: Stored, next: Breach, deadlines: BreachDeadline[], now: Date): BreachAssessed {
    return { breachId: b.id!, reference: b.reference, role: next.role, riskLevel: next.riskLevel ?? 'risk', deadlines: deadlineFields(deadlines), assessedAt: now.toISOString() };
  },

  closed(b: Stored, outcome: BreachStatus, reason: string | undefined, now: Date): BreachClosed {
    return { breachId: b.id!, reference: b.reference, outcome: outcome as BreachClosed['outcome'], reason, closedAt: now.toISOString() };
  },

  customerNoticeRequested(
    b: Stored,
    notice: { noticeId: string; phase: NotificationPhase; message?: string; measures?: string; contactPoint: string },
    now: Date,
  ): BreachCustomerNoticeRequested {
    const { nature, dataCategories, specialCategoryData, approxDataSubjects, approxRecords, dataSubjectCategories } = dataAtRiskOf(b);
    return {
      breachId: b.id!,
      reference: b.reference,
      title: b.title,
      description: b.description,
      nature,
      dataCategories,
      specialCategoryData,
      approxDataSubjects,
      approxRecords,
      likelyConsequences: b.likelyConsequences,
      measures: notice.measures,
      awareAt: iso(b.awareAt)!,
      occurredAt: iso(b.occurredAt),
      occurredUntil: iso(b.occurredUntil),
      affectedCustomerIds: b.affectedCustomerIds,
      message: notice.message,
      contactPoint: notice.contactPoint,
      requestedAt: now.toISOString(),
      noticeId: notice.noticeId,
      phase: notice.phase,
      dataSubjectCategories,
      riskLevel: b.riskLevel,
    };
  },

  deadlineApproaching(b: Stored, p: BreachTimerPayload, now: Date): BreachDeadlineApproaching {
    return { breachId: b.id!, reference: b.reference, deadline: p.deadline, dueAt: p.dueAt, remindedAt: now.toISOString(), title: b.title, hoursBefore: p.hoursBefore, status: b.status };
  },

  deadlineMissed(b: Stored, missed: MissedDeadline): BreachDeadlineMissed {
    return {
      breachId: b.id!,
      reference: b.reference,
      deadline: missed.kind,
      dueAt: missed.dueAt.toISOString(),
      missedAt: missed.missedAt.toISOString(),
      title: b.title,
      ...(missed.reason ? { reason: missed.reason, reasonRecordedAt: iso(missed.reasonAt) } : {}),
    };
  },
};

/** Art. 33(3): what every notice and the authority report must say about the data, its effects and the measures. */
export function art33ContentOf(b: Breach, contactPoint: string) {
  return {
    ...dataAtRiskOf(b),
    contactPoint,
    likelyConsequences: b.likelyConsequences,
    measures: [b.measures, b.measuresAfter].filter(Boolean).join('\n') || undefined,
  };
}
