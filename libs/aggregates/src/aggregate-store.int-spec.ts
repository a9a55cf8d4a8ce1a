import { DynamicModule, Module } from '@nestjs/common';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import { HydratedDocument, Model, Schema } from 'mongoose';
import { AUDIT_ENTRY_MODEL, AuditModule, StoredAuditEntry } from '@forewarn/audit';
import { SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { EventStager, MessagingModule } from '@forewarn/messaging';
import { PlatformModule, ServiceConfig } from '@forewarn/platform';
import { DurableTimers, SchedulingModule } from '@forewarn/scheduling';
import { RunningService, TestStack } from '../../../test/support/test-stack';
import { probeAnnouncement } from '../../../test/support/probe-events';
import { aggregateSchema } from './aggregate-schema';
import { AggregateStore } from './aggregate-store';
import { AggregatesModule } from './aggregates.module';

const PLAN = 'AggregateProbePlan';
/** A probe aggregate whose one timer is due at its `dueAt`. */
interface Plan {
  _id: string;
  dueAt: Date;
  note?: string;
  version?: number;
}
const HOUR = 3_600_000;

@Module({})
class ProbeModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ProbeModule,
      imports: [
        PlatformModule.forService({ serviceName: 'aggregate-probe', config, databaseName: 'aggregate_probe' }),
        MessagingModule.forService({ serviceName: 'aggregate-probe', config, topics: [Topics.subprocessorChanges] }),
        SchedulingModule.forService(),
        AuditModule.forService(),
        AggregatesModule,
        MongooseModule.forFeature([{ name: PLAN, schema: aggregateSchema(new Schema({ _id: String, dueAt: Date, note: String })) }]),
      ],
    };
  }
}

/** The one write path against the real FerretDB: the version guard, a lost race, and the timers it planned. */
describe('AggregateStore (real FerretDB)', () => {
  const stack = new TestStack();
  let probe: RunningService;
  let plans: Model<Plan>;
  let store: AggregateStore;
  let timers: DurableTimers;
  const timerOf = async (id: string) => (await timers.listByPrefix(`plan:${id}`))[0];

  beforeAll(async () => {
    probe = await stack.start('aggregate-probe', ServiceConfig, (c) => ProbeModule.register(c), { title: 'probe', description: 'probe' });
    plans = probe.app.get(getModelToken(PLAN));
    store = probe.app.get(AggregateStore);
    timers = probe.app.get(DurableTimers);
    timers.handle('plan.due', async () => undefined);
    store.register(plans, {
      planTimers: (before: HydratedDocument<Plan>, after: Plan) => ({ schedule: [{ id: `plan:${before._id}`, kind: 'plan.due', dueAt: after.dueAt }], cancel: [] }),
    });
  });

  afterAll(() => stack.stop());

  it('stores the state, its event and its audit entry in one write, relays them, and plans the timer', async () => {
    const dueAt = new Date(Date.now() + HOUR);
    await store.create(plans, { _id: 'p1', dueAt }, { audit: { action: 'plan.created', entityType: 'plan', entityId: 'p1' }, timers: { schedule: [{ id: 'plan:p1', kind: 'plan.due', dueAt }] } });
    const stager = probe.app.get(EventStager);
    const result = await store.change<HydratedDocument<Plan>>(plans, 'p1', () => ({
      set: { note: 'moved', dueAt: new Date(dueAt.getTime() + HOUR) },
      events: [stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement('p1'))],
      audit: { action: 'plan.moved', entityType: 'plan', entityId: 'p1' },
      replanTimers: true,
    }));
    expect(result).toMatchObject({ changed: true, aggregate: { note: 'moved', version: 1 } });
    const stored = await plans.findById('p1').lean();
    expect(stored).toMatchObject({ version: 1, outbox: [], auditPending: [] }); // relayed and popped
    const audit = await probe.app.get<Model<StoredAuditEntry>>(getModelToken(AUDIT_ENTRY_MODEL)).find({ entityId: 'p1' }).lean();
    expect(audit.map((e) => e.action).sort()).toEqual(['plan.created', 'plan.moved']);
    expect((await timerOf('p1')).dueAt).toEqual(new Date(dueAt.getTime() + HOUR));
  });

  it("decides again when another writer got in between its read and its write, and keeps the other writer's timer", async () => {
    const dueAt = new Date(Date.now() + 2 * HOUR);
    await store.create(plans, { _id: 'p2', dueAt }, { timers: { schedule: [{ id: 'plan:p2', kind: 'plan.due', dueAt }] } });
    // Another replica moves the plan just before this process's first write (out of its write queue).
    const write = plans.findOneAndUpdate.bind(plans);
    const race = jest.spyOn(plans, 'findOneAndUpdate').mockImplementationOnce(((filter: never, update: never, options: never) => ({
      exec: async () => {
        await plans.collection.updateOne({ _id: 'p2' } as never, { $set: { dueAt: new Date(dueAt.getTime() + 5 * HOUR) }, $inc: { version: 1 } });
        return write(filter, update, options).exec();
      },
    })) as never);
    const decisions: string[] = [];
    const result = await store.change<HydratedDocument<Plan>>(plans, 'p2', (p) => {
      decisions.push(`v${p.version}`);
      if (decisions.length > 1) return undefined; // what the other writer did already covers it
      return { set: { dueAt: new Date(dueAt.getTime() + HOUR) }, replanTimers: true };
    });
    race.mockRestore();
    expect(decisions).toEqual(['v0', 'v1']);
    expect(result).toMatchObject({ changed: false });
    expect((await plans.findById('p2').lean())!.dueAt).toEqual(new Date(dueAt.getTime() + 5 * HOUR));
    // This attempt had moved the timer to its own time before losing; it is put back to the stored state.
    expect((await timerOf('p2')).dueAt).toEqual(new Date(dueAt.getTime() + 5 * HOUR));
  });
});
