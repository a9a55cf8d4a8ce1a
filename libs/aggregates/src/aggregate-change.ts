import type { AuditRecord } from '@forewarn/audit';
import type { PendingEvent } from '@forewarn/messaging';
import type { TimerSpec } from '@forewarn/scheduling';

/** Timers a write needs: scheduled before it (a stored state never lacks its timer), cancelled after it. */
export interface TimerPlan {
  schedule?: TimerSpec[];
  cancel?: string[];
}

/**
 * What a write does besides its own fields: the events that announce it (outbox), the audit entry
 * that records it, entries for the model's other relays (the breach timeline) and its timers.
 * All but the timers are stored in the same single-document write as the state, so none can be
 * lost apart from it.
 */
export interface WriteEffects {
  events?: PendingEvent[];
  audit?: AuditRecord;
  /** Entries for the model's extra relays, by the array field each relay drains. */
  staged?: Record<string, unknown[]>;
  timers?: TimerPlan;
}

/** One decided change to a stored aggregate. */
export interface AggregateChange extends WriteEffects {
  /** Fields to set (`$set`); dotted paths are allowed. */
  set?: Record<string, unknown>;
  /** Values appended to the aggregate's own arrays, such as its history (`$push`). */
  append?: Record<string, unknown[]>;
  /** The change can move or end the aggregate's timers: the model's timer planner plans them from the new state. */
  replanTimers?: boolean;
}

/**
 * An aggregate's timers as a function of its state: what to schedule for `after`, and which of the
 * timers `before` had to cancel. Registered per model, so the store can also put timers back when
 * a write that planned them lost a race and then wrote nothing.
 */
export type TimerPlanner<T> = (before: T, after: T) => TimerPlan;

/**
 * Plain domain code: given the aggregate as stored, what to change, or `undefined` for nothing
 * (the work is done already, the state no longer wants it). It may throw a domain or HTTP error.
 * It can run more than once: when another writer got in first, it runs again on what that left.
 */
export type Decide<T> = (current: T) => AggregateChange | undefined;

/** What `change` answers: the aggregate after the write (or as found, when nothing changed). */
export interface ChangeResult<T> {
  aggregate: T;
  changed: boolean;
}
