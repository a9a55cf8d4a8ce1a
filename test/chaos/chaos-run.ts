import { MongoClient } from 'mongodb';
import { PrivateService } from '../../scripts/lib/private-service';
import { seedContacts } from '../../scripts/bench/seed-contacts';
import { api } from '../../scripts/lib/staff-api';
import { SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { publishEvent } from '../../apps/customer-notification/src/deliveries/testing/sending-fixtures';
import { probeAnnouncement } from '../support/probe-events';
import { freePort } from '../support/private-servers';
import type { SesFaultProxy } from '../support/ses-fault-proxy';
import { TestStack } from '../support/test-stack';

/**
 * One chaos case's world: the services built in dist/ run as child processes (so a case can
 * SIGKILL them), on the databases and topics of a `TestStack` (so its helpers read them), and
 * send through a `SesFaultProxy`, which counts what the SES emulator accepted per address.
 */
export class ChaosRun {
  readonly stack: TestStack;
  readonly domain: string;
  private readonly services: PrivateService[] = [];

  constructor(servers: { mongodbUri?: string; kafkaBrokers?: string } = {}) {
    this.stack = new TestStack(servers);
    this.domain = `${this.stack.runId}.chaos.example`;
  }

  get mongodbUri(): string {
    return this.stack.env('x').MONGODB_URI;
  }

  /** A service of this run (not started); `env` adds to or overrides the test environment. */
  async service(name: string, env: Record<string, string> = {}): Promise<PrivateService> {
    const { PORT: _port, ...base } = this.stack.env(name, { LOG_LEVEL: 'error', ...env });
    const service = new PrivateService({ name, port: await freePort(), database: base.MONGODB_DATABASE, topicPrefix: base.KAFKA_TOPIC_PREFIX, env: base });
    this.services.push(service);
    return service;
  }

  /** `count` contacts of this run's domain, in customers of 100, all receiving `receives`. */
  async seedContacts(count: number, receives = ['subprocessor-changes']): Promise<void> {
    const client = await MongoClient.connect(this.mongodbUri);
    try {
      await seedContacts(client.db(this.stack.env('customer-notification').MONGODB_DATABASE), { domain: this.domain, count, receives, tag: 'chaos' });
    } finally {
      await client.close();
    }
  }

  /** A change announced on this run's topic, as the registry would publish it. */
  async announceChange(changeId: string): Promise<void> {
    const now = Date.now();
    await publishEvent(this.stack, Topics.subprocessorChanges, changeId, SubprocessorChangeEventTypes.announced, {
      ...probeAnnouncement(changeId),
      announcedAt: new Date(now).toISOString(),
      effectiveAt: new Date(now + 40 * 86_400_000).toISOString(),
    });
  }

  /** Emails the emulator accepted per address of this run's domain. */
  accepted(proxy: SesFaultProxy): Map<string, number> {
    const perAddress = new Map<string, number>();
    for (const { to } of proxy.forwarded) if (to.endsWith(`@${this.domain}`)) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    return perAddress;
  }

  /** Stops the services, then removes the run's databases and topics. */
  async stop(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop()));
    await this.stack.stop();
  }

  /** One call to a service's staff API (scripts/lib/staff-api). */
  call(service: PrivateService, token: string, method: string, path: string, body?: unknown): Promise<any> {
    return api(`${service.url}${path}`, token, method, body);
  }
}

/** A Prometheus gauge's value from a service's /metrics (summed over its label sets). */
export async function gauge(service: PrivateService, name: string): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** Resolves once `done` holds, polling every 100 ms; rejects after `timeoutMs`. */
export async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
