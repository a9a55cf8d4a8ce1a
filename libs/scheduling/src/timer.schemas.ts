import type { PendingFiring } from './domain/timer-firing';
import type { LeaseRecord } from '@forewarn/platform/database/numbered-leases';
import { Schema } from 'mongoose';

export const PENDING_TIMER_MODEL = 'DurableTimer';
export const TIMER_CLAIM_MODEL = 'DurableTimerClaim';
export const TIMER_FIRING_MODEL = 'DurableTimerFiring';

/**
 * One pending firing of a timer: `_id` = `<timer id>@<dueAt ms>`. Moving a timer inserts its new
 * firing and deletes the old one; no pending timer is ever rewritten in place, because FerretDB
 * can lose one of two updates racing on one document (a move racing the bulk delete of fired
 * timers lost the move in 25 of 30 rounds). The collection holds only pending firings (fired ones
 * are removed in bulk), because finding the due ones is a full scan on FerretDB.
 */
export interface PendingTimer extends PendingFiring {
  lastError?: string;
}

export const PendingTimerSchema = new Schema<PendingTimer>(
  {
    _id: { type: String, required: true },
    timerId: { type: String, required: true },
    kind: { type: String, required: true },
    dueAt: { type: Date, required: true },
    payload: { type: Schema.Types.Mixed },
    notBefore: { type: Date, required: true },
    claim: { type: Number, required: true, default: 0 },
    failures: { type: Number, required: true, default: 0 },
    lastError: { type: String },
  },
  { collection: 'timers', versionKey: false },
);
// MongoDB uses these; FerretDB's SQLite backend scans anyway, which is why the collection stays small.
PendingTimerSchema.index({ notBefore: 1 });
PendingTimerSchema.index({ timerId: 1 });

/**
 * One replica's claim on one attempt of one firing (a `NumberedLeases` record), `_id` =
 * `<firingKey>#<n>`. The primary key makes the claim race-safe: of two replicas inserting it,
 * exactly one succeeds. Insert-only, read only by `_id`, so its growth costs nothing.
 */
export const TimerClaimSchema = new Schema<LeaseRecord>(
  {
    _id: { type: String, required: true },
    n: { type: Number, required: true },
    owner: { type: String, required: true },
    claimedAtMs: { type: Number, required: true },
    leaseUntilMs: { type: Number, required: true },
  },
  { collection: 'timer_claims', versionKey: false },
);

/**
 * The record that a firing's handler completed, `_id` = firingKey. Insert-only, read by `_id`: it
 * tells a replica that finds the timer still pending (its bulk delete had not run yet) that the
 * work is done, and it is the history of what fired when, and where.
 */
export interface TimerFiring {
  _id: string;
  timerId: string;
  kind: string;
  dueAt: Date;
  firedAt: Date;
  claimId: string;
  firedBy: string;
}

export const TimerFiringSchema = new Schema<TimerFiring>(
  {
    _id: { type: String, required: true },
    timerId: { type: String, required: true },
    kind: { type: String, required: true },
    dueAt: { type: Date, required: true },
    firedAt: { type: Date, required: true },
    claimId: { type: String, required: true },
    firedBy: { type: String, required: true },
  },
  { collection: 'timer_firings', versionKey: false },
);
