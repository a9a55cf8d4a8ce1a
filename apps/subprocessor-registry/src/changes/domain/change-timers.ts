const DAY_MS = 24 * 60 * 60 * 1000;

export const REMINDER_TIMER = 'subprocessor-change.reminder';
export const EFFECTIVE_TIMER = 'subprocessor-change.effective';

/** What a change's timers carry: enough to tell whether the change still wants them. */
export interface ChangeTimerPayload {
  changeId: string;
  effectiveAt: string;
  daysBefore?: number;
}

export interface ChangeTimer {
  id: string;
  kind: typeof REMINDER_TIMER | typeof EFFECTIVE_TIMER;
  dueAt: Date;
  daysBefore?: number;
}

/** Reads `REMINDER_OFFSETS_DAYS` ("7", "14,7,1"): whole days before the effective date, largest first. */
export function parseReminderOffsets(value: string): number[] {
  const days = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (days.some((d) => !Number.isInteger(d) || d < 1)) throw new RangeError('reminder offsets are whole days, at least 1');
  return [...new Set(days)].sort((a, b) => b - a);
}

/**
 * The timers of an announced change: one per reminder offset still in the future, and the
 * effective transition. Ids are derived from the change, so scheduling again moves them.
 */
export function timersOf(changeId: string, effectiveAt: Date, offsetsDays: number[], now: Date): ChangeTimer[] {
  const reminders = offsetsDays
    .map((daysBefore) => ({ daysBefore, dueAt: new Date(effectiveAt.getTime() - daysBefore * DAY_MS) }))
    .filter((r) => r.dueAt.getTime() > now.getTime())
    .map((r) => ({ id: reminderTimerId(changeId, r.daysBefore), kind: REMINDER_TIMER, ...r }) as ChangeTimer);
  return [...reminders, { id: `${changeId}:effective`, kind: EFFECTIVE_TIMER, dueAt: effectiveAt }];
}

export function reminderTimerId(changeId: string, daysBefore: number): string {
  return `${changeId}:reminder:${daysBefore}d`;
}

