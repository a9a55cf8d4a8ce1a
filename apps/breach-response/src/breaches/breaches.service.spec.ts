import type { Model } from 'mongoose';
import { AggregateStore } from '@forewarn/aggregates';
import { InMemoryAggregateStore } from '@forewarn/aggregates/testing/in-memory-aggregate-store';
import { BreachEventTypes } from '@forewarn/contracts';
import { EventStager, MessagingOptions } from '@forewarn/messaging';
import { AdjustableClock } from '@forewarn/platform';
import type { BreachConfig } from '../breach.config';
import type { TimelineService } from '../timeline/timeline.service';
import type { BreachReferences } from './breach-references';
import type { CreateBreachDto } from './breach.dto';
import type { Breach } from './breach.schema';
import { BreachTimerPayload, DEADLINE_TIMER, ESCALATION_TIMER } from './breach-timers';
import { BreachesService } from './breaches.service';
import { BreachNotificationsService } from './breach-notifications.service';
import { BreachWrites } from './breach-writes';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T09:00:00Z');

/** The breach use cases against the store's seam: what each writes, publishes, audits and schedules. */
describe('BreachesService (use cases, in memory)', () => {
  let clock: AdjustableClock;
  let store: InMemoryAggregateStore;
  let breaches: BreachesService;
  let notifications: BreachNotificationsService;
  const config = { CUSTOMER_NOTICE_SLA_HOURS: 24, ESCALATION_OFFSETS_HOURS: '24,6,1', DPO_CONTACT: 'DPO, dpo@example.com' } as BreachConfig;

  beforeEach(() => {
    clock = new AdjustableClock(() => START);
    store = new InMemoryAggregateStore();
    const references = { claim: async () => 'BR-2026-0001', breachIdOf: async () => undefined } as unknown as BreachReferences;
    const events = new EventStager({ serviceName: 'breach-response', config: {} } as unknown as MessagingOptions, clock);
    const writes = new BreachWrites({ modelName: 'Breach' } as unknown as Model<Breach>, references, store as unknown as AggregateStore, {} as TimelineService, clock, config);
    writes.onModuleInit();
    breaches = new BreachesService(writes, references, events, clock);
    notifications = new BreachNotificationsService(writes, events, clock, config);
  });

  const dto = (over: Partial<CreateBreachDto> = {}): CreateBreachDto =>
    ({
      title: 'Laptop stolen',
      description: 'A support laptop was stolen from a car.',
      awareAt: new Date(START - HOUR).toISOString(),
      nature: ['stolen'],
      dataCategories: ['contact details'],
      specialCategoryData: false,
      approxDataSubjects: 40,
      approxRecords: 40,
      role: 'both',
      affectedCustomerIds: ['c1'],
      ...over,
    }) as CreateBreachDto;

  const fire = async (at: Date) => {
    for (const timer of store.timersDueBy(at)) {
      store.timers.delete(timer.id);
      const payload = timer.payload as unknown as BreachTimerPayload;
      if (timer.kind === ESCALATION_TIMER) await breaches.escalate(payload);
      if (timer.kind === DEADLINE_TIMER) await breaches.markMissed(payload);
    }
  };

  it('reports a breach with its event, audit entry, first timeline entry, and a timer per deadline and reminder', async () => {
    const { breach, deadlines } = await breaches.report(dto(), 'user:r');
    expect(breach.customerNoticeSlaHours).toBe(24);
    expect(deadlines.map((d) => [d.kind, d.dueAt.getTime() - (START - HOUR)])).toEqual([
      ['authority-report', 72 * HOUR],
      ['customer-notice', 24 * HOUR],
    ]);
    expect(store.eventTypes()).toEqual([BreachEventTypes.reported]);
    expect(store.audit).toEqual([expect.objectContaining({ action: 'breach.reported', summary: 'BR-2026-0001' })]);
    expect(store.staged.timelinePending).toEqual([expect.objectContaining({ kind: 'reported', actor: 'system:breach-response' })]);
    // 72 h: reminders at 24, 6 and 1 h before; 24 h: reminders at 6 and 1 h before (24 h before is already past).
    expect([...store.timers.keys()].sort()).toEqual(
      [
        `breach:${breach.id}:authority-report`,
        `breach:${breach.id}:authority-report:24h`,
        `breach:${breach.id}:authority-report:6h`,
        `breach:${breach.id}:authority-report:1h`,
        `breach:${breach.id}:customer-notice`,
        `breach:${breach.id}:customer-notice:6h`,
        `breach:${breach.id}:customer-notice:1h`,
      ].sort(),
    );
  });

  it('reminds responders once per reminder and marks a deadline missed once, however often its timers fire', async () => {
    const { breach } = await breaches.report(dto({ role: 'processor' }), 'user:r');
    const customerTimers = [...store.timers.values()];
    await clock.advance(24 * HOUR);
    await fire(clock.now());
    for (const timer of customerTimers) {
      const payload = timer.payload as unknown as BreachTimerPayload;
      await (timer.kind === ESCALATION_TIMER ? breaches.escalate(payload) : breaches.markMissed(payload)); // fired again
    }
    expect(store.eventTypes().filter((t) => t === BreachEventTypes.deadlineApproaching)).toHaveLength(2);
    expect(store.eventTypes().filter((t) => t === BreachEventTypes.deadlineMissed)).toHaveLength(1);
    expect((await breaches.get(breach.id)).breach.missedDeadlines).toEqual([expect.objectContaining({ kind: 'customer-notice' })]);
  });

  it('ends a customer clock when SES accepted an email of the notice for that customer, not when it was requested', async () => {
    const { breach } = await breaches.report(dto({ role: 'processor', affectedCustomerIds: ['c1', 'c2'] }), 'user:r');
    const notice = await notifications.requestCustomerNotice(breach.id, 'We are on it.', undefined, 'user:r');
    expect(notice).toMatchObject({ noticeId: 'BR-2026-0001-N1', phase: 'initial', eventId: store.events.at(-1)!.event.id });
    expect(store.timers.size).toBeGreaterThan(0); // requested is not told
    await notifications.recordCustomerReached(breach.id, notice.eventId, 'c1', clock.now());
    await notifications.recordCustomerReached(breach.id, notice.eventId, 'c1', clock.now()); // a repeat changes nothing
    expect(store.timers.size).toBeGreaterThan(0); // c2 is still owed
    expect((await breaches.get(breach.id)).obligations.map((o) => [o.key, o.notifications[0].reachedAt !== undefined])).toEqual([
      ['customer:c1', true],
      ['customer:c2', false],
    ]);
    await notifications.recordCustomerReached(breach.id, notice.eventId, 'c2', clock.now());
    expect(store.timers.size).toBe(0);
    await clock.advance(30 * HOUR);
    await fire(clock.now());
    expect(store.eventTypes()).toEqual([BreachEventTypes.reported, BreachEventTypes.customerNoticeRequested]);
    expect(store.audit.filter((a) => a.action === 'breach.customer-reached')).toHaveLength(2);
  });

  it('marks the customer deadline missed when no email reached a customer in time, though the notice was requested', async () => {
    const { breach } = await breaches.report(dto({ role: 'processor' }), 'user:r');
    await notifications.requestCustomerNotice(breach.id, undefined, undefined, 'user:r');
    await clock.advance(24 * HOUR);
    await fire(clock.now());
    expect((await breaches.get(breach.id)).breach.missedDeadlines).toEqual([expect.objectContaining({ kind: 'customer-notice' })]);
  });

  it('refuses a move the rules do not allow, and writes nothing for it', async () => {
    const { breach } = await breaches.report(dto(), 'user:r');
    await expect(breaches.transition(breach.id, 'not-a-breach', undefined)).rejects.toThrow(/reason/);
    await expect(breaches.transition(breach.id, 'notified', undefined)).rejects.toThrow();
    expect(store.audit.map((a) => a.action)).toEqual(['breach.reported']);
  });

  it('closes the clocks of a breach found not to be one', async () => {
    const { breach } = await breaches.report(dto(), 'user:r');
    await breaches.transition(breach.id, 'not-a-breach', 'The laptop was encrypted and found');
    expect(store.timers.size).toBe(0);
    expect(store.eventTypes()).toEqual([BreachEventTypes.reported, BreachEventTypes.closed]);
    expect(store.staged.timelinePending.map((e) => (e as { kind: string }).kind)).toEqual(['reported', 'status']);
  });
});
