import type { SubprocessorSnapshot } from '@forewarn/contracts';

/** An announced change as the public sees it. */
export interface UpcomingChange {
  id: string;
  kind: string;
  summary: string;
  announcedAt: string;
  effectiveAt: string;
  subprocessor: SubprocessorSnapshot;
  replacesSubprocessor?: SubprocessorSnapshot;
  proposed?: Record<string, unknown>;
}

/** The public list at one moment: what is in force and what is coming. */
export interface ListSnapshot {
  subprocessors: SubprocessorSnapshot[];
  upcomingChanges: UpcomingChange[];
}

/** The moments of a change that the feed reports, one entry each. */
export const FEED_ACTIONS = ['announced', 'rescheduled', 'cancelled', 'effective'] as const;
export type FeedAction = (typeof FEED_ACTIONS)[number];

/** Why the list got a new version. `imported` and `edited` change it without a notice; `reconciled` catches up after a race. */
export interface ListEvent {
  action: FeedAction | 'imported' | 'edited' | 'reconciled';
  changeId?: string;
  kind?: string;
  subprocessorName?: string;
  summary?: string;
  effectiveAt?: string;
  previousEffectiveAt?: string;
  reason?: string;
}

/** One numbered, immutable version of the public list. */
export interface ListVersion extends ListSnapshot {
  version: number;
  at: Date;
  event: ListEvent;
}

export function isFeedEvent(event: ListEvent): event is ListEvent & { action: FeedAction } {
  return (FEED_ACTIONS as readonly string[]).includes(event.action);
}

/** Two snapshots list the same things (both are built in the same order from the records). */
export function sameList(a: ListSnapshot, b: ListSnapshot): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The number of the version in force at `at`: the last one made at or before it. Versions are
 * numbered in the order they were made, so a binary search over numbers reads O(log n) of them.
 * `timeOf(n)` is version n's time; versions 1…latest all exist.
 */
export async function versionNumberAt(at: Date, latest: number, timeOf: (n: number) => Promise<Date>): Promise<number | undefined> {
  let low = 1;
  let high = latest;
  let found: number | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    if ((await timeOf(middle)).getTime() <= at.getTime()) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
