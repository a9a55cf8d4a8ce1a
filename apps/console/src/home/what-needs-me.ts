import type { Breach } from '../breaches/breach-form';
import type { ChangeNotice } from '../changes/change-form';

const DAY = 24 * 3600_000;

/**
 * The home page's question, "what needs me now?", answered from the services' lists: deadlines in
 * the next 24 hours (or missed), changes taking effect within a week, open objections.
 */
export function whatNeedsMe(breaches: readonly Breach[], changes: readonly ChangeNotice[], now: Date) {
  const t = now.getTime();
  const deadlines = breaches
    .flatMap((b) => b.clocks.filter((c) => !c.met && new Date(c.dueAt).getTime() <= t + DAY).map((c) => ({ breach: b, clock: c })))
    .sort((a, b) => a.clock.dueAt.localeCompare(b.clock.dueAt));
  const missedWithoutReason = breaches.flatMap((b) => b.clocks.filter((c) => c.reasonRequired).map((c) => ({ breach: b, clock: c })));
  const takingEffect = changes
    .filter((c) => c.status === 'announced' && new Date(c.effectiveAt).getTime() <= t + 7 * DAY)
    .sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt));
  const objections = changes.filter((c) => c.objectionCount.open > 0);
  return { deadlines, missedWithoutReason, takingEffect, objections };
}

/** Announced changes whose emails may still be going out or coming back: recent and upcoming. */
export const changesToWatch = (changes: readonly ChangeNotice[], now: Date): ChangeNotice[] =>
  changes.filter((c) => c.status === 'announced' || (c.status === 'effective' && new Date(c.effectiveAt).getTime() > now.getTime() - 30 * DAY));
