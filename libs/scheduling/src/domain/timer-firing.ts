import { BackoffPolicy, backoffDelayMs } from '@forewarn/platform/retry/backoff';

/** What a service asks for: run the handler of `kind` once `dueAt` has passed. */
export interface TimerSpec {
  /** The caller's deterministic id (e.g. `change:<id>:effective`); scheduling it again moves it. */
  id: string;
  kind: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

/** What a handler receives. */
export interface FiredTimer extends TimerSpec {
  firedAt: Date;
}

/** A failed handler is tried again after 1×, 2×, 4×, … the configured delay, at most this long. */
export const MAX_TIMER_RETRY_DELAY_MS = 3_600_000;

/** Ids stay printable and short enough for a key; a kind names a handler. */
const TIMER_ID = /^[\x21-\x7e]{1,200}$/;

/** Refuses a spec that could never be stored or fired, naming the field. */
export function checkTimerSpec(spec: TimerSpec): void {
  if (typeof spec.id !== 'string' || !TIMER_ID.test(spec.id)) throw new RangeError('timer id must be 1–200 printable characters without spaces');
  if (typeof spec.kind !== 'string' || spec.kind.trim() === '') throw new RangeError('timer kind must be a non-empty string');
  if (!(spec.dueAt instanceof Date) || Number.isNaN(spec.dueAt.getTime())) throw new RangeError('timer dueAt must be a valid Date');
}

/**
 * One firing of one timer: its id at its due time. Moving the timer gives a new firing key, so
 * work done for the old time (claims, the firing record, the bulk delete) never touches the new.
 */
export function firingKeyOf(timerId: string, dueAt: Date): string {
  return `${timerId}@${dueAt.getTime()}`;
}


/**
 * Splits a replica's due timers into claim batches, starting at `startChunk` and wrapping round.
 * Replicas that read the same due list start at different places, so they mostly claim different
 * batches instead of colliding on every insert.
 */
export function claimOrder<T>(due: readonly T[], chunkSize: number, startChunk: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < due.length; i += chunkSize) chunks.push(due.slice(i, i + chunkSize));
  if (chunks.length === 0) return chunks;
  const start = ((startChunk % chunks.length) + chunks.length) % chunks.length;
  return [...chunks.slice(start), ...chunks.slice(0, start)];
}

/** Matches the ids that start with the prefix, taken literally (ids contain `:` and `.`). */
export function idPrefixPattern(idPrefix: string): RegExp {
  if (typeof idPrefix !== 'string' || idPrefix.length === 0) throw new RangeError('an id prefix must not be empty');
  return new RegExp(`^${idPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/**
 * A claim this replica could not insert belongs to someone else. While the timer is fresher than
 * one lease, that someone is surely still on it (or has just finished): skip it without a read.
 * Only older ones are worth looking at, to finish what a crashed replica left.
 */
export function worthInspecting(notBefore: Date, now: Date, leaseMs: number): boolean {
  return now.getTime() - notBefore.getTime() >= leaseMs;
}

export interface RetryPlan {
  failures: number;
  /** The next claim number: the failed one stays, as the record of that attempt. */
  claim: number;
  notBefore: Date;
  delayMs: number;
}

/** After a handler failed on claim `claimNumber`: try again later, with doubling delays. */
export function planRetry(failuresSoFar: number, claimNumber: number, now: Date, policy: BackoffPolicy): RetryPlan {
  const failures = failuresSoFar + 1;
  const delayMs = backoffDelayMs(policy, failures);
  return { failures, claim: claimNumber + 1, notBefore: new Date(now.getTime() + delayMs), delayMs };
}

/** The pending document of a timer's firing: due, unclaimed, never failed. */
export function pendingFiringOf(timer: TimerSpec): PendingFiring {
  return {
    _id: firingKeyOf(timer.id, timer.dueAt),
    timerId: timer.id,
    kind: timer.kind,
    dueAt: timer.dueAt,
    ...(timer.payload !== undefined ? { payload: timer.payload } : {}),
    notBefore: timer.dueAt,
    claim: 0,
    failures: 0,
  };
}

/** A timer's firing waiting in `timers`. */
export interface PendingFiring {
  /** The firing key, `<timerId>@<dueAt ms>`. */
  _id: string;
  timerId: string;
  kind: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
  /** When the next attempt may start: `dueAt`, or later after a failure (backoff). Clock time. */
  notBefore: Date;
  /** The claim number the next attempt inserts. */
  claim: number;
  failures: number;
}
