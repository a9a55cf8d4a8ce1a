import { randomBytes } from 'node:crypto';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { mongo } from 'mongoose';
import request from 'supertest';
import { Test } from '@nestjs/testing';
import { loadConfig, ServiceConfig, ServiceDescription, wireAndStart } from '@forewarn/platform';
import { issueStaffToken } from '../../scripts/lib/staff-token';

export const SES_URL = process.env.SES_ENDPOINT ?? 'http://127.0.0.1:8005';
const SECRET = 'integration-tests-secret-0123456789abcdef';

/**
 * One isolated run of the real services: its own databases and its own topic prefix (hence its
 * own consumer groups), so integration suites never see each other's data or events.
 */
export class TestStack {
  readonly runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  private readonly apps: INestApplication[] = [];
  private readonly mongodbUri: string;
  readonly kafkaBrokers: string;

  /** Servers default to the shared local stack; outage tests pass their private ones. */
  constructor(servers: { mongodbUri?: string; kafkaBrokers?: string } = {}) {
    this.mongodbUri = servers.mongodbUri ?? process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
    this.kafkaBrokers = servers.kafkaBrokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  }

  env(service: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      MONGODB_URI: this.mongodbUri,
      MONGODB_DATABASE: `t_${this.runId}_${service.replace(/-/g, '_')}`,
      KAFKA_BROKERS: this.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: `t.${this.runId}.`,
      KAFKA_TOPIC_PARTITIONS: '2',
      AUTH_JWT_SECRET: SECRET,
      NOTICE_LINK_SECRET: 'integration-tests-notice-links-0123456789',
      WEBHOOK_SECRETS_KEY: 'integration-tests-webhook-secrets-0123456789',
      RESPONDER_EMAILS: 'incident-response@forewarn.test',
      FOREWARN_TEST_CLOCK: '1',
      PORT: '0',
      OUTBOX_SWEEP_INTERVAL_MS: '200',
      CONSUMER_RETRY_DELAY_MS: '50',
      CONSUMER_MAX_ATTEMPTS: '3',
      SES_ENDPOINT: SES_URL,
      ...extra,
    };
  }

  /**
   * Starts a service in this process, wired exactly as its main.ts does but without a port.
   * `overrides` swaps providers (e.g. the mail sender) for the rare test that needs a fake.
   */
  async start<C extends ServiceConfig>(
    name: string,
    configClass: new () => C,
    register: (config: C) => DynamicModule,
    description: ServiceDescription,
    extra: Record<string, string> = {},
    overrides: { provide: unknown; useValue: unknown }[] = [],
  ): Promise<RunningService> {
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    const config = loadConfig(configClass, this.env(name, extra));
    const builder = Test.createTestingModule({ imports: [register(config)] });
    for (const o of overrides) builder.overrideProvider(o.provide).useValue(o.useValue);
    const moduleRef = await builder.compile();
    const app = await wireAndStart(moduleRef.createNestApplication({ bufferLogs: true }), config, description, { listen: false });
    this.apps.push(app);
    return new RunningService(app);
  }

  token(roles: string[], sub = 'tester'): Promise<string> {
    return issueStaffToken({ secret: SECRET, sub, roles });
  }

  /** A raw Kafka client for poking at this run's topics. */
  kafka(): Kafka {
    return new Kafka({ clientId: `test-${this.runId}`, brokers: this.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  }

  topic(name: string): string {
    return `t.${this.runId}.${name}`;
  }

  /** Every message on one of this run's topics up to its current end, read by a throwaway consumer group. */
  async messagesOn(topic: string): Promise<KafkaMessage[]> {
    const kafka = this.kafka();
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(this.topic(topic)).finally(() => admin.disconnect());
    const left = new Map(ends.filter((p) => Number(p.high) > 0).map((p) => [p.partition, Number(p.high)]));
    const messages: KafkaMessage[] = [];
    if (left.size === 0) return messages;
    const consumer = kafka.consumer({ groupId: `read-${randomBytes(4).toString('hex')}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.topic(topic), fromBeginning: true });
      let done!: () => void;
      const read = new Promise<void>((resolve) => (done = resolve));
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const end = left.get(partition);
          if (end === undefined || Number(message.offset) >= end) return;
          messages.push(message);
          if (Number(message.offset) === end - 1) left.delete(partition);
          if (left.size === 0) done();
        },
      });
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`timed out reading ${topic} to its end`)), 30_000).unref(),
      );
      await Promise.race([read, timeout]);
      return messages;
    } finally {
      await consumer.disconnect();
    }
  }

  /**
   * Whether `service`'s consumer group has committed past every message now on `topic`: a
   * positive marker that it has handled whatever was published before this call.
   */
  async consumedToEnd(service: string, topic: string): Promise<boolean> {
    const admin = this.kafka().admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(this.topic(topic));
      const [committed] = await admin.fetchOffsets({ groupId: `t.${this.runId}.${service}`, topics: [this.topic(topic)] });
      const at = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
      return ends.every((p) => Number(p.high) === 0 || (at.get(p.partition) ?? -1) >= Number(p.high));
    } finally {
      await admin.disconnect();
    }
  }

  /** Stops one service as SIGTERM would (its data and topics stay for the rest of the run). */
  async stopService(service: RunningService): Promise<void> {
    this.apps.splice(this.apps.indexOf(service.app), 1);
    await service.app.close();
  }

  /**
   * Stops every service of the run, then drops its databases and deletes its topics: in that
   * order, so no replica still running fetches a topic that is gone (kafkajs logs that as an error).
   */
  async stop(): Promise<void> {
    for (const app of this.apps.reverse()) await app.close();
    this.apps.length = 0;
    const client = await mongo.MongoClient.connect(this.mongodbUri);
    try {
      const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
      for (const { name } of databases.filter((d) => d.name.startsWith(`t_${this.runId}_`))) await client.db(name).dropDatabase().catch(() => undefined);
    } finally {
      await client.close();
    }
    const admin = this.kafka().admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(`t.${this.runId}.`));
      await admin.deleteTopics({ topics }).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}

export class RunningService {
  constructor(readonly app: INestApplication) {}

  http() {
    return request(this.app.getHttpServer());
  }
}

export interface SesEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** When this suite's module was loaded, in the emulator's unit (epoch seconds), with a margin. */
const SUITE_STARTED = Math.floor(Date.now() / 1000) - 5;

/**
 * The emails the SES emulator has accepted for the given recipients since this suite started.
 * Asking only for recent ones keeps the answer small: the shared emulator keeps every email
 * (benchmarks included) and fails to serialise its whole store once it holds enough of them.
 */
export async function emailsTo(addresses: string[]): Promise<SesEmail[]> {
  const response = await fetch(`${SES_URL}/store?since=${SUITE_STARTED}`);
  if (!response.ok) throw new Error(`SES emulator /store answered ${response.status}`);
  const store = (await response.json()) as { emails: SesEmail[] };
  const wanted = new Set(addresses.map((a) => a.toLowerCase()));
  return store.emails.filter((e) => e.destination.to.some((to) => wanted.has(to.toLowerCase())));
}

/**
 * Polls `probe` until `done` accepts its value and returns that value. When the time runs out the
 * test fails with what it was waiting for and the last value seen.
 */
export async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}; last value: ${describe(value)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function describe(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 1000);
  } catch {
    return String(value);
  }
}
