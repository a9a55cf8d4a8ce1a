import { hostname } from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectMetric } from '@forewarn/platform/metrics/service-metrics';
import type { Model } from 'mongoose';
import { Counter } from 'prom-client';
import { Clock } from '@forewarn/platform/clock/clock';
import { SERVICE_CONFIG, SERVICE_NAME } from '@forewarn/platform/config/config.tokens';
import type { ServiceConfig } from '@forewarn/platform/config/service-config';
import { requestContext } from '@forewarn/platform/context/request-context';
import { GroupCommit } from '@forewarn/platform/database/group-commit';
import { withDeadline } from '@forewarn/platform/retry/deadline';
import { insertNew } from '@forewarn/platform/database/insert-new';
import { Lease, LeaseRecord, NumberedLeases } from '@forewarn/platform/database/numbered-leases';
import {
  checkTimerSpec,
  claimOrder,
  FiredTimer,
  pendingFiringOf,
  idPrefixPattern,
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
  lease: Lease;
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
 * `<id>@<dueAt>#<n>` into `timer_claims` (`NumberedLeases`); the primary key lets exactly one
 * replica win. A claim is a lease: claimed for a chunk at once, it is renewed (or found taken
 * over) again just before each handler runs, and kept while the firing is recorded right after
 * the handler, so a handler never runs, nor a firing stays unrecorded, outside a held lease. If
 * its owner dies, another replica takes the firing over with the next number once the lease has
 * run out. Fired timers are removed from `timers` in one bulk delete per pass.
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
  private readonly leases: NumberedLeases;
  /** Firings recorded as their handlers complete, batched with the others completing meanwhile. */
  private readonly firingRecords: GroupCommit<TimerFiring>;

  constructor(
    @InjectModel(PENDING_TIMER_MODEL) private readonly timers: Model<PendingTimer>,
    @InjectModel(TIMER_CLAIM_MODEL) claims: Model<LeaseRecord>,
    @InjectModel(TIMER_FIRING_MODEL) private readonly firings: Model<TimerFiring>,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
    private readonly clock: Clock,
    @InjectMetric(TIMER_FIRINGS) private readonly outcomes: Counter<string>,
  ) {
    clock.onAdvance(async () => {
      if (!this.stopped) await this.fireDue();
    });
    this.leases = new NumberedLeases(claims, this.replica, config.TIMER_LEASE_MS);
    this.firingRecords = new GroupCommit(async (records) => void (await insertNew(this.firings, records)));
  }

  /** Creates the timer with this id, or moves it to the new time. Scheduling the same again is a no-op. */
  async schedule(timer: TimerSpec): Promise<void> {
    await this.scheduleMany([timer]);
  }

  /**
   * Schedules many timers (e.g. all escalations of a breach): one insert for their firings, then
   * one delete of the firings they replace. A firing of an old time that is already running
   * completes; its handler re-checks the aggregate's state.
   */
  async scheduleMany(timers: TimerSpec[]): Promise<void> {
    if (timers.length === 0) return;
    timers.forEach(checkTimerSpec);
    const firings = timers.map(pendingFiringOf);
    const inserted = new Set((await insertNew(this.timers, firings)).map((f) => f._id));
    for (const same of firings.filter((f) => !inserted.has(f._id))) {
      // The same firing is pending already: keep its claims and backoff, refresh what may have changed.
      const payload = same.payload !== undefined ? { $set: { kind: same.kind, payload: same.payload } } : { $set: { kind: same.kind }, $unset: { payload: 1 } };
      await this.timers.updateOne({ _id: same._id }, payload);
    }
    await this.timers.deleteMany({ timerId: { $in: timers.map((t) => t.id) }, _id: { $nin: firings.map((f) => f._id) } });
  }

  /** Removes the timer; nothing happens if there is none. A firing already running completes. */
  async cancel(id: string): Promise<void> {
    await this.timers.deleteMany({ timerId: id });
  }

  async cancelMany(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.timers.deleteMany({ timerId: { $in: ids } });
  }

  /** Removes every pending timer whose id starts with the prefix, e.g. all of `change:<id>:`. */
  async cancelByPrefix(idPrefix: string): Promise<void> {
    await this.timers.deleteMany({ timerId: { $regex: idPrefixPattern(idPrefix) } });
  }

  /** The pending timers whose id starts with the prefix, soonest first (e.g. to show what is scheduled). */
  async listByPrefix(idPrefix: string): Promise<TimerSpec[]> {
    const pending = await this.timers.find({ timerId: { $regex: idPrefixPattern(idPrefix) } }).lean<PendingTimer[]>();
    return pending
      .map(({ timerId, kind, dueAt, payload }) => ({ id: timerId, kind, dueAt, ...(payload !== undefined ? { payload } : {}) }))
      .sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime());
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
    const started = performance.now();
    // The one scan of a pass; kinds without a handler here (a rolling deploy) are left to others.
    // Unsorted: a sort makes FerretDB read every pending timer before answering, and due timers
    // carry no order promise (a handler re-checks its aggregate's state anyway).
    const due = await this.timers
      .find({ notBefore: { $lte: now }, kind: { $in: kinds } })
      .limit(batch)
      .lean<PendingTimer[]>();
    const read = performance.now();
    const done: string[] = [];
    let fired = 0;
    let claimed = 0;
    const chunks = claimOrder(due, CLAIM_CHUNK, Math.floor(Math.random() * Math.ceil(due.length / CLAIM_CHUNK)));
    for (const chunk of chunks) {
      if (this.stopped) break;
      const mine = await this.claim(chunk, now, done);
      claimed += mine.length;
      const completed = await this.run(mine);
      done.push(...completed.map((c) => c.timer._id));
      fired += completed.length;
    }
    // By firing key: a timer moved while it fired is another document and keeps its new time.
    const ran = performance.now();
    if (done.length > 0) await this.timers.deleteMany({ _id: { $in: done } });
    if (due.length > 0) {
      const ms = (from: number, to: number) => Math.round(to - from);
      this.logger.debug(
        `timer pass: ${due.length} due read in ${ms(started, read)} ms, ${claimed} claimed and ${fired} fired in ${ms(read, ran)} ms, ${done.length} removed in ${ms(ran, performance.now())} ms`,
      );
    }
    return { fired, claimed, full: due.length === batch };
  }

  /** Inserts claims for a chunk in one round trip; looks into the refused ones only if they are old. */
  private async claim(chunk: PendingTimer[], now: Date, done: string[]): Promise<Claimed[]> {
    const byKey = new Map(chunk.map((t) => [t._id, t]));
    const won = await this.leases.claim([...byKey.keys()], (key) => byKey.get(key)!.claim);
    const mine: Claimed[] = chunk.filter((t) => won.has(t._id)).map((timer) => ({ timer, lease: won.get(timer._id)! }));
    for (const timer of chunk) {
      if (won.has(timer._id) || !worthInspecting(timer.notBefore, now, this.config.TIMER_LEASE_MS)) continue;
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
    if (await this.firings.exists({ _id: timer._id })) {
      done.push(timer._id);
      return undefined;
    }
    for (let n = timer.claim; n < timer.claim + MAX_TAKEOVERS_PER_PASS; n++) {
      const existing = await this.leases.at(timer._id, n);
      if (existing && this.leases.isHeld(existing)) return undefined;
      if (existing) continue;
      const lease = (await this.leases.claim([timer._id], n)).get(timer._id);
      if (!lease) return undefined; // another replica took it over at the same moment
      this.logger.warn(`timer ${timer.timerId} (${timer.kind}): taking over claim ${NumberedLeases.idOf(timer._id, n)}, an earlier owner's lease ran out`);
      this.outcomes.inc({ kind: timer.kind, outcome: 'taken_over' });
      return { timer, lease };
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

  private async fire({ timer, lease: claimed }: Claimed): Promise<boolean> {
    const handler = this.handlers.get(timer.kind)!;
    // The chunk was claimed a while ago: renew the lease now, or learn that another replica has the firing.
    const lease = await this.leases.keep(claimed);
    if (!lease) {
      this.logger.warn(`timer ${timer.timerId} (${timer.kind}): another replica took the firing over while it waited here`);
      return false;
    }
    const fired: FiredTimer = { id: timer.timerId, kind: timer.kind, dueAt: timer.dueAt, payload: timer.payload, firedAt: this.clock.now() };
    try {
      // Writes made by the handler are the service's own: audit entries and events say so. A handler
      // still running when its lease ends may be started elsewhere: here it counts as failed, so one
      // that hangs cannot hold up every other timer of this replica.
      const run = requestContext.run({ correlationId: randomUUID(), actor: `system:${this.serviceName}` }, () => handler(fired));
      await withDeadline(run, this.leases.remainingMs(lease), `the handler did not finish within its lease of ${this.config.TIMER_LEASE_MS} ms`);
      const record: TimerFiring = { _id: timer._id, timerId: timer.timerId, kind: timer.kind, dueAt: timer.dueAt, firedAt: this.clock.now(), claimId: NumberedLeases.idOf(timer._id, lease.n), firedBy: this.replica };
      await this.leases.holding(lease, () => this.firingRecords.add(record));
      this.outcomes.inc({ kind: timer.kind, outcome: 'fired' });
      return true;
    } catch (e) {
      const retry = planRetry(timer.failures, lease.n, this.clock.now(), {
        initialDelayMs: this.config.TIMER_RETRY_DELAY_MS,
        maxDelayMs: MAX_TIMER_RETRY_DELAY_MS,
      });
      const reason = e instanceof Error ? e.message : String(e);
      this.outcomes.inc({ kind: timer.kind, outcome: 'failed' });
      // A warning: it is retried, and the alert is the failed-firings count (OPERATIONS).
      this.logger.warn(`timer ${timer.timerId} (${timer.kind}) failed (failure ${retry.failures}), retrying in ${retry.delayMs} ms: ${reason}`);
      // If this write is lost, the claim's lease runs out and another replica takes over. If the
      // timer was moved meanwhile, this firing's document is gone and the update does nothing.
      await this.timers
        .updateOne(
          { _id: timer._id },
          { $set: { failures: retry.failures, claim: retry.claim, notBefore: retry.notBefore, lastError: reason.slice(0, 1000) } },
        )
        .catch((error: unknown) => this.logger.warn(`could not schedule the retry of timer ${timer.timerId}: ${String(error)}`));
      return false;
    }
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
