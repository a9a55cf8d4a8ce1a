import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { eventually, RunningService, TestStack } from '../../../../test/support/test-stack';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { DeliveriesService } from './deliveries.service';
import { DeliveryClaim } from './delivery-records.schema';
import { EmailSender } from './email-sender';
import { announcementData, expectOneEmailEach, publishEvent, seedCustomers } from './testing/sending-fixtures';

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

  async seed(service: RunningService): Promise<void> {
    await seedCustomers(service, this.addresses);
  }

  async announce(changeId: string): Promise<void> {
    await publishEvent(this.stack, Topics.subprocessorChanges, changeId, SubprocessorChangeEventTypes.announced, announcementData(changeId));
  }

  sentSoFar(service: RunningService, changeId: string) {
    return service.app.get(DeliveriesService).progress(changeId);
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
      await expectOneEmailEach(run.addresses);
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
      await expectOneEmailEach(run.addresses);
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
