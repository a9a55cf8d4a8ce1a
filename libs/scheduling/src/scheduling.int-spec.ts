import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MessagingModule } from '@forewarn/messaging';
import { AdjustableClock, Clock, PlatformModule, ServiceConfig } from '@forewarn/platform';
import { RunningService, TestStack } from '../../../test/support/test-stack';
import { LeaseRecord, NumberedLeases } from '@forewarn/platform';
import { FiredTimer, firingKeyOf } from './domain/timer-firing';
import { DurableTimers } from './durable-timers';
import { SchedulingModule } from './scheduling.module';
import { PENDING_TIMER_MODEL, PendingTimer, TIMER_CLAIM_MODEL } from './timer.schemas';

const INSTANCE = Symbol('INSTANCE');
const fired: { id: string; by: string; dueAt: Date; payload?: Record<string, unknown> }[] = [];
const failuresLeft = new Map<string, number>();
const moving: Promise<void>[] = [];

/** A service's use of the library: one handler that records each firing, one that can fail. */
@Injectable()
class ProbeTimers implements OnModuleInit {
  constructor(
    private readonly timers: DurableTimers,
    @Inject(INSTANCE) private readonly instance: string,
  ) {}

  onModuleInit(): void {
    const record = async (t: FiredTimer) => {
      const left = failuresLeft.get(t.id) ?? 0;
      if (left > 0) {
        failuresLeft.set(t.id, left - 1);
        throw new Error(`simulated failure of ${t.id}`);
      }
      fired.push({ id: t.id, by: this.instance, dueAt: t.dueAt, payload: t.payload });
    };
    this.timers.handle('probe', record);
    this.timers.handle('hangs', () => new Promise<void>(() => undefined));
    this.timers.handle('slow', async (t) => {
      await new Promise((r) => setTimeout(r, SLOW_HANDLER_MS));
      await record(t);
    });
    // Moves its own timer on while the firing of the old time is still being recorded and removed.
    this.timers.handle('moves-on', async (t) => {
      moving.push(this.timers.schedule({ id: t.id, kind: 'probe', dueAt: new Date(t.dueAt.getTime() + HOUR) }));
    });
  }
}

@Module({})
class ProbeModule {
  static register(config: ServiceConfig, instance: string): DynamicModule {
    return {
      module: ProbeModule,
      imports: [
        PlatformModule.forService({ serviceName: 'timer-probe', config, databaseName: 'timer_probe' }),
        MessagingModule.forService({ serviceName: 'timer-probe', config, topics: [] }),
        SchedulingModule.forService(),
      ],
      providers: [ProbeTimers, { provide: INSTANCE, useValue: instance }],
    };
  }
}

const HOUR = 3_600_000;
/** With 8 handlers at a time, 24 slow timers take three rounds: the last starts after half the 1 s lease. */
const SLOW_HANDLER_MS = 400;
const firingsOf = (id: string) => fired.filter((f) => f.id === id);

/** Durable timers against the real FerretDB, with two instances of one service sharing its database. */
describe('durable timers (real FerretDB)', () => {
  const stack = new TestStack();
  let a: RunningService;
  let b: RunningService;

  // Only the test clock and start-up fire timers here, so each test decides when time passes.
  const start = (instance: string) =>
    stack.start('timer-probe', ServiceConfig, (c) => ProbeModule.register(c, instance), { title: 'probe', description: 'probe' }, {
      TIMER_POLL_INTERVAL_MS: '600000',
      TIMER_LEASE_MS: '1000',
      TIMER_RETRY_DELAY_MS: '60000',
    });
  const timersOf = (s: RunningService) => s.app.get(DurableTimers);
  const clockOf = (s: RunningService) => s.app.get(Clock) as AdjustableClock;
  /** Moves both instances' clocks at once, as real time would. */
  const advanceBoth = (ms: number) => Promise.all([clockOf(a).advance(ms), clockOf(b).advance(ms)]);

  beforeAll(async () => {
    a = await start('a');
    b = await start('b');
  });

  afterAll(() => stack.stop());

  it('fires each timer once when two instances share the database', async () => {
    const dueAt = new Date(clockOf(a).now().getTime() + HOUR);
    const ids = Array.from({ length: 250 }, (_, i) => `once-${i}`);
    await timersOf(a).scheduleMany(ids.map((id) => ({ id, kind: 'probe', dueAt })));

    await advanceBoth(HOUR + 1000);

    expect(ids.filter((id) => firingsOf(id).length !== 1)).toEqual([]);
    const byA = fired.filter((f) => f.id.startsWith('once-') && f.by === 'a').length;
    expect(byA + fired.filter((f) => f.id.startsWith('once-') && f.by === 'b').length).toBe(250);
    // Nothing stays pending, so the next scan is small again.
    expect(await a.app.get<Model<PendingTimer>>(getModelToken(PENDING_TIMER_MODEL)).countDocuments({ timerId: { $in: ids } })).toBe(0);
  });

  it('fires a moved timer at its new time only, and cancelled ones never', async () => {
    const now = clockOf(a).now().getTime();
    await timersOf(a).schedule({ id: 'moved', kind: 'probe', dueAt: new Date(now + HOUR), payload: { version: 1 } });
    await timersOf(b).schedule({ id: 'moved', kind: 'probe', dueAt: new Date(now + 3 * HOUR), payload: { version: 2 } });
    await timersOf(a).schedule({ id: 'cancelled', kind: 'probe', dueAt: new Date(now + HOUR) });
    await timersOf(b).cancel('cancelled');
    await timersOf(b).cancel('never-existed');
    await timersOf(a).scheduleMany([
      { id: 'change:c.1:reminder:7', kind: 'probe', dueAt: new Date(now + HOUR) },
      { id: 'change:c.1:effective', kind: 'probe', dueAt: new Date(now + 1.5 * HOUR) },
      { id: 'change:c.10:effective', kind: 'probe', dueAt: new Date(now + HOUR) },
    ]);
    expect((await timersOf(b).listByPrefix('change:c.1:')).map((t) => t.id)).toEqual(['change:c.1:reminder:7', 'change:c.1:effective']);
    await timersOf(b).cancelByPrefix('change:c.1:');

    await advanceBoth(2 * HOUR);
    expect(firingsOf('moved')).toEqual([]);

    await advanceBoth(2 * HOUR);
    expect(firingsOf('moved')).toEqual([expect.objectContaining({ dueAt: new Date(now + 3 * HOUR), payload: { version: 2 } })]);
    expect(firingsOf('cancelled')).toEqual([]);
    expect(firingsOf('change:c.1:reminder:7')).toEqual([]);
    expect(firingsOf('change:c.1:effective')).toEqual([]);
    expect(firingsOf('change:c.10:effective')).toHaveLength(1);
  });

  it('keeps the new time of timers moved while their old time fires', async () => {
    const dueAt = new Date(clockOf(a).now().getTime() + 1000);
    const ids = Array.from({ length: 120 }, (_, i) => `moves-on-${i}`);
    await timersOf(a).scheduleMany(ids.map((id) => ({ id, kind: 'moves-on', dueAt })));

    await clockOf(a).advance(2000);
    await Promise.all(moving);

    const pending = await timersOf(a).listByPrefix('moves-on-');
    expect(pending.map((t) => t.id).sort()).toEqual([...ids].sort());
    expect(pending.every((t) => t.dueAt.getTime() === dueAt.getTime() + HOUR && t.kind === 'probe')).toBe(true);
  });

  it('does not fire a timer again when the same firing is scheduled again after it fired', async () => {
    const dueAt = new Date(clockOf(a).now().getTime() + 1000);
    await timersOf(a).schedule({ id: 'again', kind: 'probe', dueAt });
    await advanceBoth(2000);
    await timersOf(b).schedule({ id: 'again', kind: 'probe', dueAt }); // e.g. a retried request
    await advanceBoth(2000);
    expect(firingsOf('again')).toHaveLength(1);
  });

  it('retries a handler that throws, after a backoff, instead of losing the timer or looping on it', async () => {
    failuresLeft.set('flaky', 1);
    await timersOf(a).schedule({ id: 'flaky', kind: 'probe', dueAt: new Date(clockOf(a).now().getTime() + 1000) });

    await clockOf(a).advance(2000); // fails once
    expect(await timersOf(a).fireDue()).toBe(0); // not again at once: it waits out the backoff
    expect(firingsOf('flaky')).toEqual([]);

    await clockOf(a).advance(60_000); // TIMER_RETRY_DELAY_MS
    expect(firingsOf('flaky')).toHaveLength(1);
    const { text } = await a.http().get('/metrics').expect(200);
    expect(text).toMatch(/forewarn_timer_firings_total\{[^}]*kind="probe",outcome="failed"[^}]*\} 1/);
  });

  it('gives up on a handler that outlives its lease and retries it later, without holding up other timers', async () => {
    const dueAt = new Date(clockOf(a).now().getTime() + 1000);
    await timersOf(a).scheduleMany([
      { id: 'hanging', kind: 'hangs', dueAt },
      { id: 'beside-hanging', kind: 'probe', dueAt },
    ]);

    await clockOf(a).advance(2000); // returns after the 1 s lease, not never

    expect(firingsOf('beside-hanging')).toHaveLength(1);
    const hanging = await a.app.get<Model<PendingTimer>>(getModelToken(PENDING_TIMER_MODEL)).findOne({ timerId: 'hanging' }).lean();
    expect(hanging).toEqual(expect.objectContaining({ failures: 1, claim: 1, lastError: expect.stringMatching(/lease/) }));
  });

  it("takes over a firing whose claimant died, once the claim's lease has run out, but not a held one", async () => {
    const claims = a.app.get<Model<LeaseRecord>>(getModelToken(TIMER_CLAIM_MODEL));
    const dueAt = new Date(clockOf(a).now().getTime() - 5000); // older than the 1 s lease
    await timersOf(a).scheduleMany([
      { id: 'orphaned', kind: 'probe', dueAt },
      { id: 'held', kind: 'probe', dueAt },
    ]);
    // As left by a replica that claimed both and died (orphaned) or is still working (held).
    const claim = (id: string, leaseUntilMs: number) => ({
      _id: NumberedLeases.idOf(firingKeyOf(id, dueAt), 0),
      n: 0,
      owner: 'elsewhere',
      claimedAtMs: Date.now() - 1000,
      leaseUntilMs,
    });
    await claims.insertMany([claim('orphaned', Date.now() - 1), claim('held', Date.now() + 60_000)]);

    await advanceBoth(0);
    expect(firingsOf('orphaned')).toHaveLength(1);
    expect(firingsOf('held')).toEqual([]);
    expect(await claims.exists({ _id: NumberedLeases.idOf(firingKeyOf('orphaned', dueAt), 1) })).toBeTruthy();
  });

  it('fires a timer that came due while no instance ran once, when they start again', async () => {
    const dueAt = new Date(Date.now() + 1500); // real time: the restarted instances' clocks start from it
    await timersOf(a).schedule({ id: 'during-downtime', kind: 'probe', dueAt });
    await stack.stopService(a);
    await stack.stopService(b);
    await new Promise((r) => setTimeout(r, 2000));

    [a, b] = await Promise.all([start('a2'), start('b2')]);
    await Promise.all([timersOf(a).fireDue(), timersOf(b).fireDue()]); // let both start-up passes finish

    expect(firingsOf('during-downtime')).toHaveLength(1);
  });
  it('renews the lease of a handler that starts late in its chunk, so another replica that looks then never fires it too', async () => {
    const dueAt = new Date(clockOf(a).now().getTime() + HOUR);
    const ids = Array.from({ length: 24 }, (_, i) => `slow-${i}`);
    await timersOf(a).scheduleMany(ids.map((id) => ({ id, kind: 'slow', dueAt })));
    // Instance a claims all 24 in one chunk and runs them eight at a time, for about 1.2 s.
    const firingOnA = clockOf(a).advance(HOUR + 1000);
    // Instance b looks once the chunk's first claims are older than the lease, as its poll would.
    await new Promise((r) => setTimeout(r, 1100));
    await clockOf(b).advance(HOUR + 3000);
    await firingOnA;
    expect(ids.filter((id) => firingsOf(id).length !== 1)).toEqual([]);
    expect(fired.filter((f) => f.id.startsWith('slow-') && f.by === 'b')).toEqual([]);
  });
});
