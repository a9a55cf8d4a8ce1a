import { Controller, DynamicModule, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import type { Consumer } from 'kafkajs';
import { Model, Schema } from 'mongoose';
import { ForewarnEvent, SubprocessorChangeAnnounced, SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { DocumentWriteQueue, PlatformModule, ServiceConfig } from '@forewarn/platform';
import { eventually, RunningService, TestStack } from '../../../test/support/test-stack';
import { probeAnnouncement } from '../../../test/support/probe-events';
import { ConsumedEvents } from './consumer/consumed-events';
import { KafkaEventServer } from './consumer/kafka-event-server';
import { RethrowRpcErrorsFilter } from './consumer/rethrow-rpc-errors.filter';
import { MessagingModule } from './messaging.module';
import { EventStager } from './outbox/event-stager';
import { OutboxRelay } from './outbox/outbox-relay';
import { HasOutbox, withOutbox } from './outbox/pending-event.schema';

const PROBE = 'Probe';
const handled: string[] = [];
const failuresLeft = new Map<string, number>();
const slow = { started: false, finished: false, ms: 1500 };

@Controller()
class ProbeHandler {
  @EventPattern(SubprocessorChangeEventTypes.announced)
  announced(@Payload() event: ForewarnEvent<SubprocessorChangeAnnounced>): void {
    const left = failuresLeft.get(event.data.changeId) ?? 0;
    if (left > 0) {
      failuresLeft.set(event.data.changeId, left - 1);
      throw new Error(`simulated outage for ${event.data.changeId}`);
    }
    handled.push(event.data.changeId);
  }

  @EventPattern(SubprocessorChangeEventTypes.cancelled)
  async cancelled(@Payload() event: ForewarnEvent<SubprocessorChangeAnnounced>): Promise<void> {
    slow.started = true;
    await new Promise((r) => setTimeout(r, slow.ms));
    slow.finished = true;
    handled.push(`slow:${event.data.changeId}`);
  }
}

@Module({})
class ProbeModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ProbeModule,
      imports: [
        PlatformModule.forService({ serviceName: 'probe', config, databaseName: 'probe' }),
        MessagingModule.forService({ serviceName: 'probe', config, topics: [Topics.subprocessorChanges] }),
        MongooseModule.forFeature([{ name: PROBE, schema: withOutbox(new Schema({ name: String })) }]),
      ],
      controllers: [ProbeHandler],
    };
  }
}


/** The outbox and the consumer wrapper against the real broker and database. */
describe('messaging (real Kafka and FerretDB)', () => {
  const stack = new TestStack();
  let probe: RunningService;
  let probes: Model<HasOutbox & { name: string }>;
  let stager: EventStager;

  const startProbe = async () => {
    probe = await stack.start('probe', ServiceConfig, (c) => ProbeModule.register(c), {
      title: 'probe',
      description: 'probe',
      eventServer: KafkaEventServer,
      eventFilters: [new RethrowRpcErrorsFilter()],
    }, { CONSUMER_MAX_ATTEMPTS: '3', KAFKA_SESSION_TIMEOUT_MS: '6000' });
    probes = probe.app.get(getModelToken(PROBE));
    probe.app.get(OutboxRelay).track(probes);
    stager = probe.app.get(EventStager);
  };

  beforeAll(startProbe);

  afterAll(() => stack.stop());

  it('relays an event that a crash left in the outbox, then empties the outbox', async () => {
    // The write that stores state and event together, with no flush after it: as if the process died.
    const doc = await probes.create({ name: 'crashed', outbox: [stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement('c-crash'))] });

    await eventually('the crashed event handled', async () => handled, (h) => h.includes('c-crash'));
    const after = await eventually('an empty outbox', async () => probes.findById(doc._id).lean(), (d) => d!.outbox.length === 0);
    expect(after!.outbox).toEqual([]);
    expect(handled.filter((h) => h === 'c-crash')).toHaveLength(1);
  });

  it('keeps every state change and event when a write and a flush race on one document, through the write queue', async () => {
    // FerretDB applies an update as read-then-write: unqueued, a pop racing a write loses one of them.
    const rounds = 30;
    const writes = probe.app.get(DocumentWriteQueue);
    const relay = probe.app.get(OutboxRelay);
    const doc = await probes.create({ name: 'raced' });
    const write = (i: number) =>
      writes.run(probes, doc._id, () =>
        probes.collection.updateOne(
          { _id: doc._id },
          { $inc: { changes: 1 }, $push: { outbox: stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement(`c-race-${i}`)) as never } },
        ),
      );
    // One writer after the other beside a relay flushing non-stop: the only race is the relay's pop.
    let writing = true;
    const flushing = (async () => {
      while (writing) await relay.flush(probes, doc._id);
    })();
    for (let i = 0; i < rounds; i++) await write(i);
    writing = false;
    await flushing;

    const raced = Array.from({ length: rounds }, (_, i) => `c-race-${i}`);
    const after = (await eventually('an empty outbox', async () => probes.collection.findOne({ _id: doc._id }), (d) => d!.outbox.length === 0))!;
    expect(after.outbox).toEqual([]);
    expect(after.changes).toBe(rounds);
    await eventually('every raced event handled', async () => handled, (h) => raced.every((id) => h.includes(id)));
    expect(raced.filter((id) => !handled.includes(id))).toEqual([]);
  });

  it('handles an event once even when it is delivered twice', async () => {
    const pending = stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement('c-twice'));
    const producer = stack.kafka().producer();
    await producer.connect();
    const message = { key: pending.key, value: JSON.stringify(pending.event) };
    await producer.send({ topic: stack.topic(Topics.subprocessorChanges), messages: [message, message] });
    // A later event on the same key (partition) proves both copies were consumed before we count.
    const marker = stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement('c-twice-marker'));
    await producer.send({ topic: stack.topic(Topics.subprocessorChanges), messages: [{ key: pending.key, value: JSON.stringify(marker.event) }] });
    await producer.disconnect();

    await eventually('the marker after the duplicate handled', async () => handled, (h) => h.includes('c-twice-marker'));
    expect(handled.filter((h) => h === 'c-twice')).toHaveLength(1);
    expect(await probe.app.get(ConsumedEvents).has('probe', pending.event.id)).toBe(true);
  });

  it('remembers consumed events for one to two retention periods, and forgets older ones by dropping their period', async () => {
    const consumed = probe.app.get(ConsumedEvents);
    const period = 14 * 86_400_000; // CONSUMED_EVENT_RETENTION_DAYS, the default
    const now = consumed.now;
    try {
      consumed.now = () => Date.now() - 2 * period;
      await consumed.record('probe', 'two-periods-ago', SubprocessorChangeEventTypes.announced);
      consumed.now = () => Date.now() - period;
      await consumed.record('probe', 'last-period', SubprocessorChangeEventTypes.announced);
    } finally {
      consumed.now = now;
    }
    expect(await consumed.has('probe', 'last-period')).toBe(true); // written into this period ahead of time
    expect(await consumed.has('probe', 'two-periods-ago')).toBe(false); // in the last period and the one before only
    const dropped = await consumed.forgetOld();
    expect(dropped).toHaveLength(2);
    expect(await consumed.has('probe', 'last-period')).toBe(true);
  });

  it('retries a failing handler, then dead-letters it when it keeps failing', async () => {
    failuresLeft.set('c-flaky', 2); // succeeds on the third and last attempt
    failuresLeft.set('c-broken', 99);
    await probes.create({
      name: 'retry',
      outbox: [
        stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement('c-flaky')),
        stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement('c-broken')),
      ],
    });

    const consumer = stack.kafka().consumer({ groupId: `dlq-${stack.runId}` });
    const parked: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: stack.topic(`${Topics.subprocessorChanges}.dlq`), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void parked.push(message.headers!['dlq-reason']!.toString()) });
    await eventually('a message on the DLQ', async () => parked, (p) => p.length > 0);
    await consumer.disconnect();
    // The two keys may sit on different partitions, so c-flaky can finish after c-broken is parked.
    await eventually('c-flaky handled on its last attempt', async () => handled, (h) => h.includes('c-flaky'));

    expect(handled).toContain('c-flaky');
    expect(handled).not.toContain('c-broken');
    expect(parked).toEqual(['simulated outage for c-broken']);
  });

  it('finishes the event in hand when it shuts down, and does not handle it again after a restart', async () => {
    const cancelled = { ...probeAnnouncement('c-slow'), cancelledAt: '2026-01-02T00:00:00.000Z', reason: 'probe' };
    await probes.create({ name: 'slow', outbox: [stager.stage(SubprocessorChangeEventTypes.cancelled, cancelled)] });
    await eventually('the slow handler started', async () => slow.started, (started) => started);

    await stack.stopService(probe); // as on SIGTERM, mid-handler
    expect(slow.finished).toBe(true);

    await startProbe();
    // A later event with the same key (so on the same partition) is handled only after whatever
    // the restarted consumer redelivers of c-slow: once it is in, c-slow had its chance to repeat.
    await probes.create({ name: 'after', outbox: [stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement('c-slow'))] });
    await eventually('the marker after c-slow handled', async () => handled, (h) => h.includes('c-slow'));
    expect(handled.filter((h) => h === 'slow:c-slow')).toHaveLength(1);
  });

  it('keeps its group membership through a handler that outlasts the session timeout', async () => {
    const consumer = probe.app.get(KafkaEventServer).unwrap<Consumer>();
    let rejoins = 0;
    const stopListening = consumer.on(consumer.events.GROUP_JOIN, () => rejoins++);
    Object.assign(slow, { started: false, finished: false, ms: 9000 }); // 1.5 × the 6 s session timeout
    const cancelled = { ...probeAnnouncement('c-long'), cancelledAt: '2026-01-02T00:00:00.000Z', reason: 'probe' };
    await probes.create({ name: 'long', outbox: [stager.stage(SubprocessorChangeEventTypes.cancelled, cancelled)] });

    await eventually('the long handler finished', async () => slow.finished, (finished) => finished, 30_000);
    // Had the session expired, committing c-long's offset fails and the consumer rejoins before it
    // fetches again; an event on the same key handled after it proves that point has passed.
    await probes.create({ name: 'after-long', outbox: [stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement('c-long'))] });
    await eventually('the marker after c-long handled', async () => handled, (h) => h.includes('c-long'), 30_000);
    stopListening();
    expect(rejoins).toBe(0);
    expect(handled.filter((h) => h === 'slow:c-long')).toHaveLength(1);
  }, 60_000);
});
