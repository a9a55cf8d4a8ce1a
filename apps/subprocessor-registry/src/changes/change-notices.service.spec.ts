import { Model, Types } from 'mongoose';
import { AggregateStore } from '@forewarn/aggregates';
import { InMemoryAggregateStore } from '@forewarn/aggregates/testing/in-memory-aggregate-store';
import { SubprocessorChangeEventTypes } from '@forewarn/contracts';
import { EventStager, MessagingOptions } from '@forewarn/messaging';
import { AdjustableClock } from '@forewarn/platform';
import { DurableTimers, FiredTimer } from '@forewarn/scheduling';
import type { ListVersionsService } from '../list-versions/list-versions.service';
import type { ObjectionsService } from '../objections/objections.service';
import type { CustomerTermsService } from '../customer-terms/customer-terms.service';
import type { RegistryConfig } from '../registry.config';
import type { SubprocessorsService } from '../subprocessors/subprocessors.service';
import type { ChangeNotice } from './change-notice.schema';
import { ChangeEffects } from './change-effects.service';
import { ChangeNoticesService } from './change-notices.service';
import { NoticePeriodNotMetError } from './domain/change-notice';
import { EFFECTIVE_TIMER, REMINDER_TIMER } from './domain/change-timers';

const DAY = 24 * 3_600_000;
const START = Date.parse('2026-03-02T09:00:00Z');

/** The change-notice use cases against the store's seam: the 30-day rule, events, and timers that follow the change. */
describe('ChangeNoticesService (use cases, in memory)', () => {
  let clock: AdjustableClock;
  let store: InMemoryAggregateStore;
  let changes: ChangeNoticesService;
  const handlers = new Map<string, (t: FiredTimer) => Promise<void>>();
  const applied: string[] = [];
  const listActions: string[] = [];
  const subprocessor = {
    _id: new Types.ObjectId(),
    id: 'sp',
    name: 'Iceni Backup',
    status: 'pending',
    category: 'Data hosting services',
    purpose: 'Backups',
    dataCategories: ['backups'],
    locations: ['GB'],
    dpaSignedAt: new Date(START - DAY),
  };

  beforeEach(() => {
    clock = new AdjustableClock(() => START);
    store = new InMemoryAggregateStore();
    applied.length = 0;
    listActions.length = 0;
    const subprocessors = {
      get: async () => subprocessor,
      applyTransition: async (_step: unknown, changeId: string, moment: string) => void applied.push(`${changeId}:${moment}`),
    } as unknown as SubprocessorsService;
    const listVersions = { bump: async (entry: { action: string }) => void listActions.push(entry.action) } as unknown as ListVersionsService;
    const timers = { handle: (kind: string, handler: (t: FiredTimer) => Promise<void>) => handlers.set(kind, handler) } as unknown as DurableTimers;
    const events = new EventStager({ serviceName: 'subprocessor-registry', config: {} } as unknown as MessagingOptions, clock);
    const config = { NOTICE_PERIOD_DAYS: 30, REMINDER_OFFSETS_DAYS: '7' } as RegistryConfig;
    const model = { modelName: 'ChangeNotice' } as unknown as Model<ChangeNotice>;
    const effects = new ChangeEffects(model, subprocessors, listVersions, store as unknown as AggregateStore, timers, events, clock);
    const terms = { noticeTermsOfActiveCustomers: async () => [], specificCustomers: async () => [] } as unknown as CustomerTermsService;
    changes = new ChangeNoticesService(model, subprocessors, {} as ObjectionsService, listVersions, terms, effects, store as unknown as AggregateStore, events, clock, config);
    changes.onModuleInit();
    effects.onModuleInit();
  });

  const draft = (effectiveInDays: number) =>
    changes.draft({ kind: 'addition', subprocessorId: subprocessor._id.toString(), effectiveAt: new Date(START + effectiveInDays * DAY).toISOString(), summary: 'Adding Iceni' }, 'user:c');

  const fireDue = async () => {
    for (const timer of store.timersDueBy(clock.now())) {
      store.timers.delete(timer.id);
      await handlers.get(timer.kind)!({ id: timer.id, kind: timer.kind, dueAt: timer.dueAt, payload: timer.payload, firedAt: clock.now() });
    }
  };

  it('refuses a date inside the notice period and names the earliest allowed', async () => {
    const refused = await draft(29).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NoticePeriodNotMetError);
    expect((refused as NoticePeriodNotMetError).earliestEffectiveAt).toEqual(new Date(START + 30 * DAY));
  });

  it('announces with its event and timers, reminds once, takes effect once, and leaves no timer behind', async () => {
    const change = await draft(31);
    await changes.announce(change.id as string, 'user:c');
    expect([...store.timers.values()].map((t) => [t.kind, (t.dueAt.getTime() - START) / DAY])).toEqual([
      [REMINDER_TIMER, 24],
      [EFFECTIVE_TIMER, 31],
    ]);
    await clock.advance(24 * DAY);
    await fireDue();
    await clock.advance(7 * DAY);
    await fireDue();
    expect(store.eventTypes()).toEqual([SubprocessorChangeEventTypes.announced, SubprocessorChangeEventTypes.reminderDue, SubprocessorChangeEventTypes.effective]);
    expect(applied).toEqual([`${change.id}:effective`]); // an addition changes no record until it takes effect
    expect(listActions).toEqual(['announced', 'effective']);
    expect((await changes.get(change.id as string)).status).toBe('effective');
    expect(store.timers.size).toBe(0);
  });

  it('moves the timers with a reschedule: nothing fires at the old date', async () => {
    const change = await draft(31);
    await changes.announce(change.id as string, 'user:c');
    await changes.reschedule(change.id as string, { effectiveAt: new Date(START + 45 * DAY).toISOString() }, 'user:c');
    expect([...store.timers.values()].map((t) => (t.dueAt.getTime() - START) / DAY)).toEqual([38, 45]);
    await clock.advance(31 * DAY);
    await fireDue();
    expect(store.eventTypes()).toEqual([SubprocessorChangeEventTypes.announced, SubprocessorChangeEventTypes.rescheduled]);
  });

  it('cancels an announced change: customers are told, its timers go', async () => {
    const change = await draft(31);
    await changes.announce(change.id as string, 'user:c');
    await changes.cancel(change.id as string, 'Supplier withdrew', 'user:c');
    expect(store.timers.size).toBe(0);
    expect(store.eventTypes()).toEqual([SubprocessorChangeEventTypes.announced, SubprocessorChangeEventTypes.cancelled]);
    expect(store.audit.map((a) => a.action)).toEqual(['change.drafted', 'change.announced', 'change.cancelled']);
  });
});
