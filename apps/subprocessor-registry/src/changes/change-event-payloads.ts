import type {
  SubprocessorChangeAnnounced,
  SubprocessorChangeCancelled,
  SubprocessorChangeEffective,
  SubprocessorChangeReminderDue,
  SubprocessorChangeRescheduled,
} from '@forewarn/contracts';
import type { Types } from 'mongoose';
import type { ChangeNotice } from './change-notice.schema';

type Stored = Pick<ChangeNotice, 'kind' | 'summary' | 'effectiveAt' | 'announcedAt' | 'subprocessor' | 'replacesSubprocessor' | 'proposed'> & { _id: Types.ObjectId };

/** What every change event repeats: the change as customers were told of it. */
function base(change: Stored) {
  return {
    changeId: change._id.toString(),
    kind: change.kind,
    subprocessor: change.subprocessor!,
    ...(change.replacesSubprocessor ? { replacesSubprocessor: change.replacesSubprocessor } : {}),
    summary: change.summary,
    announcedAt: change.announcedAt!.toISOString(),
    effectiveAt: change.effectiveAt.toISOString(),
    ...(change.proposed && Object.keys(change.proposed).length ? { proposed: change.proposed } : {}),
  };
}

/** The payloads of a change's events (the event contracts check them when staged). */
export const changeEventPayloads = {
  announced: (c: Stored, noticePeriodDays: number, standardNoticePeriodDays: number): SubprocessorChangeAnnounced => ({
    ...base(c),
    noticePeriodDays,
    standardNoticePeriodDays,
  }),
  rescheduled: (c: Stored, moved: { effectiveAt: Date; previousEffectiveAt: Date }, at: Date, reason?: string): SubprocessorChangeRescheduled => ({
    ...base(c),
    effectiveAt: moved.effectiveAt.toISOString(),
    previousEffectiveAt: moved.previousEffectiveAt.toISOString(),
    rescheduledAt: at.toISOString(),
    ...(reason ? { reason } : {}),
  }),
  cancelled: (c: Stored, at: Date, reason: string): SubprocessorChangeCancelled => ({ ...base(c), cancelledAt: at.toISOString(), reason }),
  reminderDue: (c: Stored, daysBefore: number, pendingAuthorisationCustomerIds: string[] = []): SubprocessorChangeReminderDue => ({
    ...base(c),
    daysBefore,
    ...(pendingAuthorisationCustomerIds.length ? { pendingAuthorisationCustomerIds } : {}),
  }),
  effective: (c: Stored, at: Date): SubprocessorChangeEffective => ({ ...base(c), appliedAt: at.toISOString() }),
};
