import { Controller, DynamicModule, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { getModelToken, InjectModel, MongooseModule } from '@nestjs/mongoose';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { Model, Schema } from 'mongoose';
import { ForewarnEvent, SubprocessorChangeAnnounced, SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { EventStager, HasOutbox, KafkaEventServer, MessagingModule, OutboxRelay, RethrowRpcErrorsFilter, withOutbox } from '@forewarn/messaging';
import { isDuplicateKeyError, PlatformModule, ServiceConfig } from '@forewarn/platform';
import { PrivateFerretDb, PrivateKafka } from './support/private-servers';
import { eventually, RunningService, TestStack } from './support/test-stack';
import { probeAnnouncement } from './support/probe-events';

const EFFECT = 'Effect';
const SOURCE = 'Source';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the handler saw: ids on entry and on success, and a hook to pull the plug mid-handler. */
const probe = {
  entered: [] as string[],
  handled: [] as string[],
  onEnter: undefined as (() => void) | undefined,
};

@Controller()
class EffectHandler {
  constructor(@InjectModel(EFFECT) private readonly effects: Model<{ _id: string }>) {}

  /** Pauses before its write, so an outage that starts on entry hits the write inside the handler. */
  @EventPattern(SubprocessorChangeEventTypes.announced)
  async announced(@Payload() event: ForewarnEvent<SubprocessorChangeAnnounced>): Promise<void> {
    const { changeId } = event.data;
    probe.entered.push(changeId);
    probe.onEnter?.();
    await sleep(100);
    // A write the server applied but whose answer was lost comes back as a duplicate: already done.
    await this.effects.create({ _id: changeId }).catch((e: unknown) => {
      if (!isDuplicateKeyError(e)) throw e;
    });
    probe.handled.push(changeId);
  }
}

@Module({})
class OutageProbeModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: OutageProbeModule,
      imports: [
        PlatformModule.forService({ serviceName: 'outage-probe', config, databaseName: 'outage_probe' }),
        MessagingModule.forService({ serviceName: 'outage-probe', config, topics: [Topics.subprocessorChanges] }),
        MongooseModule.forFeature([
          { name: EFFECT, schema: new Schema({ _id: String }) },
          { name: SOURCE, schema: withOutbox(new Schema({ name: String })) },
        ]),
      ],
      controllers: [EffectHandler],
    };
  }
}


async function startProbe(stack: TestStack) {
  // A restarted broker keeps the group's old member until its session times out; the rejoin waits for that.
  // Its broker and database are stopped on purpose: the clients' connection errors are expected here.
  const env = { KAFKA_SESSION_TIMEOUT_MS: '6000', LOG_LEVEL: 'fatal' };
  const service = await stack.start('outage-probe', ServiceConfig, (c) => OutageProbeModule.register(c), {
    title: 'outage probe',
    description: 'outage probe',
    eventServer: KafkaEventServer,
    eventFilters: [new RethrowRpcErrorsFilter()],
  }, env);
  const sources = service.app.get<Model<HasOutbox & { name: string }>>(getModelToken(SOURCE));
  service.app.get(OutboxRelay).track(sources);
  // Every time the consumer gives a message back to kafkajs (the partition waits), with the error's class.
  const server = service.app.get(KafkaEventServer) as unknown as { consume(p: EachMessagePayload): Promise<void> };
  const held: string[] = [];
  const consume = server.consume.bind(server);
  server.consume = (payload) =>
    consume(payload).catch((e: unknown) => {
      held.push((e as Error).constructor.name);
      throw e;
    });
  return { service, sources, stager: service.app.get(EventStager), held };
}

/** Stages `ids` through the service's outbox, one document each, as a service would. */
async function publish(sources: Model<HasOutbox & { name: string }>, stager: EventStager, ids: string[]) {
  for (const id of ids) {
    await sources.create({ name: id, outbox: [stager.stage(SubprocessorChangeEventTypes.announced, probeAnnouncement(id))] });
  }
}

async function deadLettered(stack: TestStack, service: RunningService): Promise<number> {
  const admin = stack.kafka().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(stack.topic(`${Topics.subprocessorChanges}.dlq`));
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

const healthStatus = async (service: RunningService) => (await service.http().get('/health')).status;
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const counts = (list: string[]) => list.reduce<Record<string, number>>((m, id) => ({ ...m, [id]: (m[id] ?? 0) + 1 }), {});

beforeEach(() => {
  probe.entered.length = 0;
  probe.handled.length = 0;
  probe.onEnter = undefined;
});

/** The database and the broker go away mid-stream and come back: nothing is lost, doubled or dead-lettered. */
describe('outages (private FerretDB and Kafka, stopped and started under a running consumer)', () => {
  describe('the database', () => {
    let ferret: PrivateFerretDb;
    let stack: TestStack;

    beforeAll(async () => {
      ferret = await PrivateFerretDb.create();
      await ferret.start();
      stack = new TestStack({ mongodbUri: ferret.uri });
    });

    afterAll(async () => {
      await ferret.start(); // the stack's clean-up drops its database
      await stack.stop();
      await ferret.destroy();
    });

    it('holds the partition while FerretDB is down, then handles every event once and dead-letters none; /health follows', async () => {
      const { service, sources, stager, held } = await startProbe(stack);
      const events = ids('db', 12);
      // On the fourth entry only (a redelivery must not pull the plug again): the handler now
      // pauses, then writes to a dead server.
      probe.onEnter = () => void (probe.entered.length === 4 && ferret.stop());
      await publish(sources, stager, events);
      await eventually('the database to stop mid-handler', async () => ferret.running, (running) => !running);
      await eventually('/health to answer 503', () => healthStatus(service), (s) => s === 503);
      const down = await service.http().get('/health');
      expect(down.body.details.database.status).toBe('down');
      await eventually('the consumer to give a message back to kafkajs', async () => held, (h) => h.length >= 1, 60_000);

      await ferret.start();
      await eventually('every event handled', async () => probe.handled, (h) => events.every((id) => h.includes(id)), 90_000);
      expect(counts(probe.handled)).toEqual(Object.fromEntries(events.map((id) => [id, 1])));
      expect(await deadLettered(stack, service)).toBe(0);
      expect(held.every((name) => /^Mongo|Mongoose/.test(name))).toBe(true);
      await eventually('/health to answer 200 again', () => healthStatus(service), (s) => s === 200);
    }, 150_000);
  });

  describe('the broker', () => {
    let kafka: PrivateKafka;
    let stack: TestStack;

    beforeAll(async () => {
      kafka = await PrivateKafka.create();
      await kafka.start();
      stack = new TestStack({ kafkaBrokers: kafka.brokers });
    });

    afterAll(async () => {
      await kafka.start(); // in case a failed test left it down: the clean-up deletes topics
      await stack.stop();
      await kafka.destroy();
    });

    it('resumes by itself after the broker was gone long enough to crash the consumer: every event handled once, none dead-lettered; /health follows', async () => {
      const { service, sources, stager } = await startProbe(stack);
      const before = ids('kafka-before', 8);
      const consumer = service.app.get(KafkaEventServer).unwrap<Consumer>();
      const crashes: string[] = [];
      consumer.on(consumer.events.CRASH, ({ payload }) => void crashes.push(payload.error.name));
      probe.onEnter = () => void (probe.entered.length === 4 && kafka.stop());
      await publish(sources, stager, before);
      await eventually('the broker to stop mid-handler', async () => kafka.running, (running) => !running);
      await eventually('/health to answer 503', () => healthStatus(service), (s) => s === 503);
      expect((await service.http().get('/health')).body.details.kafka.status).toBe('down');
      // Written while the broker is down: the outbox keeps them until it is back.
      const during = ids('kafka-during', 4);
      await publish(sources, stager, during);

      // Down long enough for kafkajs to give up its own retries: the consumer must restart itself.
      await eventually('the consumer to crash for want of a broker', async () => crashes, (c) => c.length > 0, 60_000);
      await kafka.start();
      await eventually('/health to answer 200 again', () => healthStatus(service), (s) => s === 200, 60_000);
      const after = ids('kafka-after', 4);
      await publish(sources, stager, after);
      const all = [...before, ...during, ...after];
      await eventually('every event handled', async () => probe.handled, (h) => all.every((id) => h.includes(id)), 90_000);
      expect(counts(probe.handled)).toEqual(Object.fromEntries(all.map((id) => [id, 1])));
      expect(await deadLettered(stack, service)).toBe(0);
    }, 150_000);
  });
});
