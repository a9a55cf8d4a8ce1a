import { Schema } from 'mongoose';

export const PENDING_TIMER_MODEL = 'DurableTimer';
export const TIMER_CLAIM_MODEL = 'DurableTimerClaim';
export const TIMER_FIRING_MODEL = 'DurableTimerFiring';

/**
 * A timer waiting to fire. The collection holds only pending timers (fired ones are removed in
 * bulk), because finding the due ones is a full scan on FerretDB.
 */
export interface PendingTimer {
  _id: string;
  kind: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
  /** `<id>@<dueAt ms>`: which firing this is; a move changes it. */
  firingKey: string;
  /** When the next attempt may start: `dueAt`, or later after a failure (backoff). Clock time. */
  notBefore: Date;
  /** The claim number the next attempt inserts. */
  claim: number;
  failures: number;
  lastError?: string;
}

export const PendingTimerSchema = new Schema<PendingTimer>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    dueAt: { type: Date, required: true },
    payload: { type: Schema.Types.Mixed },
    firingKey: { type: String, required: true },
    notBefore: { type: Date, required: true },
    claim: { type: Number, required: true, default: 0 },
    failures: { type: Number, required: true, default: 0 },
    lastError: { type: String },
  },
  { collection: 'timers', versionKey: false },
);
// MongoDB uses these; FerretDB's SQLite backend scans anyway, which is why the collection stays small.
PendingTimerSchema.index({ notBefore: 1 });
PendingTimerSchema.index({ firingKey: 1 });

/**
 * One replica's claim on one attempt of one firing, `_id` = `<firingKey>#<n>`. The primary key
 * makes the claim race-safe: of two replicas inserting it, exactly one succeeds. Insert-only,
 * read only by `_id`, so its growth costs nothing.
 */
export interface TimerClaim {
  _id: string;
  timerId: string;
  claimedBy: string;
  claimedAt: Date;
  /** Real time: after it, another replica may take the firing over with the next claim number. */
  leaseUntil: Date;
}

export const TimerClaimSchema = new Schema<TimerClaim>(
  {
    _id: { type: String, required: true },
    timerId: { type: String, required: true },
    claimedBy: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
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
