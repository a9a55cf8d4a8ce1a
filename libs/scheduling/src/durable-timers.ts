import { hostname } from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Model } from 'mongoose';
import { Counter } from 'prom-client';
import { Clock } from '@forewarn/platform/clock/clock';
import { SERVICE_CONFIG, SERVICE_NAME } from '@forewarn/platform/config/config.tokens';
import type { ServiceConfig } from '@forewarn/platform/config/service-config';
import { requestContext } from '@forewarn/platform/context/request-context';
import { isDuplicateKeyError } from '@forewarn/platform/database/duplicate-key';
import { insertNew } from '@forewarn/platform/database/insert-new';
import {
  checkTimerSpec,
  claimIdOf,
  claimOrder,
  claimState,
  FiredTimer,
  firingKeyOf,
  MAX_TIMER_RETRY_DELAY_MS,
  planRetry,
  TimerSpec,
  worthInspecting,
} from './domain/timer-firing';
import { TIMER_FIRINGS } from './scheduling.metrics';
import {
  PENDING_TIMER_MODEL,
  PendingTimer,
  TIMER_CLAIM_MODEL,
  TIMER_FIRING_MODEL,
  TimerClaim,
  TimerFiring,
} from './timer.schemas';

export type TimerHandler = (timer: FiredTimer) => Promise<void>;

/** Claims inserted per round trip, and handlers running at once within it. */
const CLAIM_CHUNK = 100;
const HANDLER_CONCURRENCY = 8;
/** Takeovers tried for one firing in one pass; more than this many dead owners means something else is wrong. */
const MAX_TAKEOVERS_PER_PASS = 5;

interface Claimed {
  timer: PendingTimer;
  claimId: string;
  claimNumber: number;
}

interface PassResult {
  fired: number;
  claimed: number;
  /** The pass read a full batch, so more may be due behind it. */
  full: boolean;
}

/**
 * Timers stored in the service's database and fired from the injected clock: on real time every
 * TIMER_POLL_INTERVAL_MS, and at once when the test clock jumps.
 *
 * Exactly once across replicas: every attempt at a firing is claimed by inserting
 * `<id>@<dueAt>#<n>` into `timer_claims`; the primary key lets exactly one replica win. A claim
 * is a lease: if its owner dies before the handler completes, another replica takes the firing
 * over with claim n+1 once the lease has run out. Completed firings are recorded in
 * `timer_firings` and removed from `timers` in one bulk delete per pass.
 *
 * Handlers must still be idempotent — re-check the aggregate's state and do nothing if the work
 * is done — because a handler that outlives its lease, or a crash between the handler's write and
 * the firing record, runs it again. A handler that throws is retried with doubling delays.
 */
@Injectable()
export class DurableTimers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DurableTimers.name);
  private readonly handlers = new Map<string, TimerHandler>();
  /** This replica, in claims and firing records. */
  private readonly replica = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private queue: Promise<unknown> = Promise.resolve();
  private polling?: Promise<unknown>;
  private pollTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @InjectModel(PENDING_TIMER_MODEL) private readonly timers: Model<PendingTimer>,
    @InjectModel(TIMER_CLAIM_MODEL) private readonly claims: Model<TimerClaim>,
    @InjectModel(TIMER_FIRING_MODEL) private readonly firings: Model<TimerFiring>,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
    private readonly clock: Clock,
    @InjectMetric(TIMER_FIRINGS) private readonly outcomes: Counter<string>,
  ) {
    clock.onAdvance(async () => {
      if (!this.stopped) await this.fireDue();
    });
  }

  /** Creates the timer with this id, or moves it to the new time. Scheduling the same again is a no-op. */
  async schedule(timer: TimerSpec): Promise<void> {
    checkTimerSpec(timer);
    const fresh = this.pendingOf(timer);
    try {
      await this.timers.collection.insertOne(fresh as never);
      return;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
    const existing = await this.timers.findById(timer.id, { firingKey: 1 }).lean();
    if (existing?.firingKey === fresh.firingKey) {
      // Same firing: keep its claims and backoff, refresh what the caller may have changed.
      await this.timers.updateOne({ _id: timer.id, firingKey: fresh.firingKey }, { $set: { kind: timer.kind, payload: timer.payload } });
    } else {
      await this.timers.replaceOne({ _id: timer.id }, fresh, { upsert: true });
    }
  }

  /** Schedules many timers with one insert for the new ones (e.g. all escalations of a breach). */
  async scheduleMany(timers: TimerSpec[]): Promise<void> {
    timers.forEach(checkTimerSpec);
    const inserted = new Set((await insertNew(this.timers, timers.map((t) => this.pendingOf(t)))).map((t) => t._id));
    for (const timer of timers) if (!inserted.has(timer.id)) await this.schedule(timer);
  }

  /** Removes the timer; nothing happens if there is none. A firing already running completes. */
  async cancel(id: string): Promise<void> {
    await this.timers.deleteOne({ _id: id });
  }

  async cancelMany(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.timers.deleteMany({ _id: { $in: ids } });
  }

  /** Registers the handler for a kind of timer; call it in `onModuleInit`. One handler per kind. */
  handle(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for timer kind "${kind}" is already registered`);
    this.handlers.set(kind, handler);
  }

  /** Fires everything due now that no other replica holds; returns how many fired here. */
  fireDue(): Promise<number> {
    // One drain at a time per replica: a test-clock jump waits for a poll in progress, then drains.
    const run = this.queue.then(() => this.drain());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async drain(): Promise<number> {
    let fired = 0;
    while (!this.stopped) {
      const pass = await this.firePass();
      fired += pass.fired;
      if (!pass.full || pass.claimed === 0) break;
    }
    return fired;
  }

  private async firePass(): Promise<PassResult> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return { fired: 0, claimed: 0, full: false };
    const now = this.clock.now();
    const batch = this.config.TIMER_BATCH_SIZE;
    // The one scan of a pass; kinds without a handler here (a rolling deploy) are left to others.
    const due = await this.timers
      .find({ notBefore: { $lte: now }, kind: { $in: kinds } })
      .sort({ notBefore: 1 })
      .limit(batch)
      .lean<PendingTimer[]>();
    const done: string[] = [];
    let fired = 0;
    let claimed = 0;
    const chunks = claimOrder(due, CLAIM_CHUNK, Math.floor(Math.random() * Math.ceil(due.length / CLAIM_CHUNK)));
    for (const chunk of chunks) {
      if (this.stopped) break;
      const mine = await this.claim(chunk, now, done);
      claimed += mine.length;
      const completed = await this.run(mine);
      if (completed.length > 0) {
        const firedAt = this.clock.now();
        await insertNew(
          this.firings,
          completed.map(({ timer, claimId }) => ({
            _id: timer.firingKey,
            timerId: timer._id,
            kind: timer.kind,
            dueAt: timer.dueAt,
            firedAt,
            claimId,
            firedBy: this.replica,
          })),
        );
        done.push(...completed.map((c) => c.timer.firingKey));
        fired += completed.length;
      }
    }
    // Guarded by firing key, so a timer moved while it fired keeps its new time.
    if (done.length > 0) await this.timers.deleteMany({ firingKey: { $in: done } });
    return { fired, claimed, full: due.length === batch };
  }

  /** Inserts claims for a chunk in one round trip; looks into the refused ones only if they are old. */
  private async claim(chunk: PendingTimer[], now: Date, done: string[]): Promise<Claimed[]> {
    const wanted = chunk.map((timer) => ({ timer, claimNumber: timer.claim, claimId: claimIdOf(timer.firingKey, timer.claim) }));
    const won = new Set((await insertNew(this.claims, wanted.map((w) => this.claimOf(w.timer, w.claimId)))).map((c) => c._id));
    const mine: Claimed[] = wanted.filter((w) => won.has(w.claimId));
    for (const { timer } of wanted) {
      if (won.has(claimIdOf(timer.firingKey, timer.claim))) continue;
      if (!worthInspecting(timer.notBefore, now, this.config.TIMER_LEASE_MS)) continue;
      const taken = await this.takeOver(timer, done);
      if (taken) mine.push(taken);
    }
    return mine;
  }

  /**
   * The timer is old and its claim belongs to someone else: finished but not yet removed, still
   * held, or left by a replica that died. Walks the claim numbers to find out, and claims the
   * next free one if the last owner's lease ran out.
   */
  private async takeOver(timer: PendingTimer, done: string[]): Promise<Claimed | undefined> {
    if (await this.firings.exists({ _id: timer.firingKey })) {
      done.push(timer.firingKey);
      return undefined;
    }
    for (let n = timer.claim; n < timer.claim + MAX_TAKEOVERS_PER_PASS; n++) {
      const claimId = claimIdOf(timer.firingKey, n);
      const state = claimState(await this.claims.findById(claimId, { leaseUntil: 1 }).lean(), Date.now());
      if (state === 'held') return undefined;
      if (state === 'expired') continue;
      const [won] = await insertNew(this.claims, [this.claimOf(timer, claimId)]);
      if (!won) return undefined; // another replica took it over at the same moment
      this.logger.warn(`timer ${timer._id} (${timer.kind}): taking over claim ${claimId}, an earlier owner's lease ran out`);
      this.outcomes.inc({ kind: timer.kind, outcome: 'taken_over' });
      return { timer, claimId, claimNumber: n };
    }
    return undefined;
  }

  /** Runs the handlers of claimed timers, a few at a time; returns those that completed. */
  private async run(claimed: Claimed[]): Promise<Claimed[]> {
    const completed: Claimed[] = [];
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const c = claimed[next++];
        if (await this.fire(c)) completed.push(c);
      }
    };
    await Promise.all(Array.from({ length: Math.min(HANDLER_CONCURRENCY, claimed.length) }, worker));
    return completed;
  }

  private async fire({ timer, claimId, claimNumber }: Claimed): Promise<boolean> {
    const handler = this.handlers.get(timer.kind)!;
    const fired: FiredTimer = { id: timer._id, kind: timer.kind, dueAt: timer.dueAt, payload: timer.payload, firedAt: this.clock.now() };
    try {
      // Writes made by the handler are the service's own: audit entries and events say so.
      await requestContext.run({ correlationId: randomUUID(), actor: `system:${this.serviceName}` }, () => handler(fired));
      this.outcomes.inc({ kind: timer.kind, outcome: 'fired' });
      return true;
    } catch (e) {
      const retry = planRetry(timer.failures, claimNumber, this.clock.now(), {
        initialDelayMs: this.config.TIMER_RETRY_DELAY_MS,
        maxDelayMs: MAX_TIMER_RETRY_DELAY_MS,
      });
      const reason = e instanceof Error ? e.message : String(e);
      this.outcomes.inc({ kind: timer.kind, outcome: 'failed' });
      this.logger.error(`timer ${timer._id} (${timer.kind}) failed (failure ${retry.failures}), retrying in ${retry.delayMs} ms: ${reason}`);
      // If this write is lost too, the claim's lease runs out and another replica takes over.
      await this.timers
        .updateOne(
          { _id: timer._id, firingKey: timer.firingKey },
          { $set: { failures: retry.failures, claim: retry.claim, notBefore: retry.notBefore, lastError: reason.slice(0, 1000) } },
        )
        .catch((error: unknown) => this.logger.warn(`could not schedule the retry of timer ${timer._id}: ${String(error)}`));
      return false;
    }
  }

  private pendingOf(timer: TimerSpec): PendingTimer {
    return {
      _id: timer.id,
      kind: timer.kind,
      dueAt: timer.dueAt,
      payload: timer.payload,
      firingKey: firingKeyOf(timer.id, timer.dueAt),
      notBefore: timer.dueAt,
      claim: 0,
      failures: 0,
    };
  }

  private claimOf(timer: PendingTimer, claimId: string): TimerClaim {
    const realNow = Date.now(); // leases are real time: replicas' test clocks differ, real time does not
    return { _id: claimId, timerId: timer._id, claimedBy: this.replica, claimedAt: new Date(realNow), leaseUntil: new Date(realNow + this.config.TIMER_LEASE_MS) };
  }

  onApplicationBootstrap(): void {
    // Timers that came due while no replica ran fire now, late but once.
    this.poll();
    this.pollTimer = setInterval(() => this.poll(), this.config.TIMER_POLL_INTERVAL_MS);
    this.pollTimer.unref();
  }

  private poll(): void {
    this.polling ??= this.fireDue()
      .catch((e: unknown) => this.logger.warn(`timer poll failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (this.polling = undefined));
  }

  /** Stops polling and lets the batch in hand finish, so no claim is left to run out its lease. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    await this.queue;
  }
}
