import { durationWords } from '@forewarn/wording';

export interface BreachClock {
  kind: 'authority-report' | 'customer-notice';
  dueAt: string;
  met: boolean;
  missedAt?: string;
  missedReason?: string;
  reasonRequired?: boolean;
}

export type ClockState = 'met' | 'missed' | 'urgent' | 'warn' | 'ok';

/**
 * How a deadline looks to a responder: met, missed, or the time left, coloured as it nears (under
 * a day amber, under six hours red). The browser keeps the words ticking from the same rule.
 */
export function clockFace(clock: BreachClock, now: Date): { state: ClockState; words: string; open: boolean } {
  if (clock.met) return { state: 'met', words: 'met', open: false };
  const left = new Date(clock.dueAt).getTime() - now.getTime();
  if (clock.missedAt || left <= 0) return { state: 'missed', words: `overdue by ${durationWords(-left)}`, open: true };
  const state = left <= 6 * 3600_000 ? 'urgent' : left <= 24 * 3600_000 ? 'warn' : 'ok';
  return { state, words: `${durationWords(left)} left`, open: true };
}

export const CLOCK_NAMES: Record<BreachClock['kind'], string> = {
  'authority-report': 'Report to the ICO (72 hours from awareness)',
  'customer-notice': 'Notice to affected customers',
};

/** The soonest deadline still open, for sorting breaches by what is most urgent. */
export function nearestOpenDeadline(clocks: readonly BreachClock[]): number {
  const open = clocks.filter((c) => !c.met).map((c) => new Date(c.dueAt).getTime());
  return open.length ? Math.min(...open) : Number.POSITIVE_INFINITY;
}

/** Breaches with the nearest open deadline first; those with none last, newest first. */
export function byNearestDeadline<T extends { clocks: BreachClock[]; reportedAt?: string }>(breaches: readonly T[]): T[] {
  return [...breaches].sort((a, b) => nearestOpenDeadline(a.clocks) - nearestOpenDeadline(b.clocks) || String(b.reportedAt).localeCompare(String(a.reportedAt)));
}
