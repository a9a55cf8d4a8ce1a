import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { buildEvent, SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { emailsTo, eventually, RunningService, TestStack } from '../../../../test/support/test-stack';
import { Customer } from '../customers/customer.schema';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { DeliveriesService } from './deliveries.service';
import { DeliveryClaim } from './delivery-records.schema';
import { EmailSender } from './email-sender';

const CONTACTS = 2000;

/** A few thousand contacts through the whole path: Kafka event → fan-out → work topic → SES emulator. */
class FanOutRun {
  readonly stack = new TestStack();
  readonly domain = `${this.stack.runId}.fanout.example`;
  readonly addresses = Array.from({ length: CONTACTS }, (_, i) => `c${i}@${this.domain}`);

  start(): Promise<RunningService> {
    return this.stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, {
      SES_MAX_SEND_RATE: '100000',
      // SES requests time out at a third of the lease: long enough for a busy shared emulator.
      DELIVERY_CLAIM_LEASE_MS: '30000',
    });
  }

  /** Contacts inserted straight into the directory (its own API is tested elsewhere; this is about sending). */
  async seed(service: RunningService): Promise<void> {
    const customers = service.app.get<Model<Customer>>(getModelToken(Customer.name));
    const docs = Array.from({ length: CONTACTS / 100 }, (_, c) => ({
      _id: randomUUID(),
      name: `Fan-out customer ${c}`,
      externalId: `fan-${c}`,
      status: 'active',
      contacts: this.addresses.slice(c * 100, c * 100 + 100).map((email, i) => ({ id: randomUUID(), name: `Contact ${c * 100 + i}`, email, receives: ['subprocessor-changes'], active: true })),
      revision: 0,
      createdAt: new Date(),
      createdBy: 'test',
    }));
    await customers.collection.insertMany(docs as never[]);
  }

  async announce(changeId: string): Promise<void> {
    const now = Date.now();
    const data = {
      changeId,
      kind: 'addition',
      subprocessor: { id: 'sp', name: 'Fan-out Host', category: 'Hosting', purpose: 'Hosting', dataCategories: ['all'], locations: ['GB'] },
      summary: 'A fan-out',
      announcedAt: new Date(now).toISOString(),
      effectiveAt: new Date(now + 40 * 24 * 3600_000).toISOString(),
      noticePeriodDays: 30,
    };
    const event = buildEvent({ type: SubprocessorChangeEventTypes.announced, source: '/forewarn/test', subject: changeId, data, time: new Date(), correlationId: 'c', actor: 'user:t' });
    const producer = this.stack.kafka().producer();
    await producer.connect();
    await producer.send({ topic: this.stack.topic(Topics.subprocessorChanges), messages: [{ key: changeId, value: JSON.stringify(event) }] });
    await producer.disconnect();
  }

  sentSoFar(service: RunningService, changeId: string) {
    return service.app.get(DeliveriesService).progress(changeId);
  }

  /** Exactly one email per contact at the emulator. */
  async expectOneEmailEach(): Promise<void> {
    const emails = await emailsTo(this.addresses);
    const perAddress = new Map<string, number>();
    for (const e of emails) perAddress.set(e.destination.to[0], (perAddress.get(e.destination.to[0]) ?? 0) + 1);
    expect(perAddress.size).toBe(CONTACTS);
    expect([...perAddress.values()].filter((n) => n > 1)).toEqual([]);
  }
}

describe('a fan-out of a few thousand contacts (real Kafka, FerretDB, SES emulator)', () => {
  it('ends with exactly one email per contact when the service is restarted in the middle', async () => {
    const run = new FanOutRun();
    try {
      const first = await run.start();
      await run.seed(first);
      await run.announce('ch-restart');
      const before = await eventually('300 emails sent before the restart', () => run.sentSoFar(first, 'ch-restart'), (p) => p.sent >= 300, 60_000);
      expect(before.sent).toBeGreaterThanOrEqual(300);
      await run.stack.stopService(first); // SIGTERM: finishes the batch in hand
      const second = await run.start();
      const stoppedAt = await run.sentSoFar(second, 'ch-restart');
      expect(second.app.get(EmailSender).limiter.rate).toBe(100_000); // alone, it has the whole quota
      expect(stoppedAt.sent).toBeLessThan(CONTACTS); // it really stopped in the middle
      const done = await eventually('every contact emailed after the restart', () => run.sentSoFar(second, 'ch-restart'), (p) => p.sent === CONTACTS, 90_000);
      expect(done).toMatchObject({ total: CONTACTS, sent: CONTACTS, failed: 0, pending: 0 });
      await run.expectOneEmailEach();
    } finally {
      await run.stack.stop();
    }
  });

  it('is shared by two replicas running at once, and each contact gets one email', async () => {
    const run = new FanOutRun();
    try {
      const a = await run.start();
      const b = await run.start();
      await run.seed(a);
      await run.announce('ch-pair');
      const done = await eventually('every contact emailed by the two replicas', () => run.sentSoFar(a, 'ch-pair'), (p) => p.sent === CONTACTS, 90_000);
      expect(done).toMatchObject({ total: CONTACTS, sent: CONTACTS, pending: 0 });
      await run.expectOneEmailEach();
      const claims = a.app.get<Model<DeliveryClaim>>(getModelToken(DeliveryClaim.name));
      const owners = await claims.distinct('owner');
      expect(owners).toHaveLength(2); // both replicas sent part of it
      // The account's quota is shared by the job partitions each replica holds, not taken whole by each (issue 12, item 2).
      const rates = [a, b].map((r) => r.app.get(EmailSender).limiter.rate);
      expect(rates).toEqual([50_000, 50_000]);
    } finally {
      await run.stack.stop();
    }
  });
});
