import { randomBytes } from 'node:crypto';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Kafka, logLevel } from 'kafkajs';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { KafkaConnection } from '@forewarn/messaging';
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

  env(service: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      MONGODB_URI: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017',
      MONGODB_DATABASE: `t_${this.runId}_${service.replace(/-/g, '_')}`,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      KAFKA_TOPIC_PREFIX: `t.${this.runId}.`,
      KAFKA_TOPIC_PARTITIONS: '2',
      AUTH_JWT_SECRET: SECRET,
      NOTICE_LINK_SECRET: 'integration-tests-notice-links-0123456789',
      FOREWARN_TEST_CLOCK: '1',
      PORT: '0',
      OUTBOX_SWEEP_INTERVAL_MS: '200',
      CONSUMER_RETRY_DELAY_MS: '50',
      CONSUMER_MAX_ATTEMPTS: '3',
      SES_ENDPOINT: SES_URL,
      DELIVERY_POLL_INTERVAL_MS: '200',
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
    return new Kafka({ clientId: `test-${this.runId}`, brokers: [process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'], logLevel: logLevel.NOTHING });
  }

  topic(name: string): string {
    return `t.${this.runId}.${name}`;
  }

  /** Stops one service as SIGTERM would (its data and topics stay for the rest of the run). */
  async stopService(service: RunningService): Promise<void> {
    this.apps.splice(this.apps.indexOf(service.app), 1);
    await service.app.close();
  }

  /** Stops the services and removes this run's databases and topics. */
  async stop(): Promise<void> {
    for (const app of this.apps.reverse()) {
      const connection = app.get<Connection>(getConnectionToken());
      const kafka = app.get(KafkaConnection);
      await connection.dropDatabase().catch(() => undefined);
      const admin = await kafka.admin();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(`t.${this.runId}.`));
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await app.close();
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

/** Emails older than this test file cannot concern it; asking only for newer ones keeps the
 *  answer small when benchmarks have filled the shared emulator (`since` is in epoch seconds). */
const FILE_LOADED_AT_SECONDS = Math.floor(Date.now() / 1000) - 60;

/** The emails the SES emulator has accepted, for the given recipients. */
export async function emailsTo(addresses: string[]): Promise<SesEmail[]> {
  const response = await fetch(`${SES_URL}/store?since=${FILE_LOADED_AT_SECONDS}`);
  const store = (await response.json()) as { emails: SesEmail[] };
  const wanted = new Set(addresses.map((a) => a.toLowerCase()));
  return store.emails.filter((e) => e.destination.to.some((to) => wanted.has(to.toLowerCase())));
}

/** Polls until `check` returns a value or the time runs out (then returns the last value). */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await probe();
  }
  return value;
}
