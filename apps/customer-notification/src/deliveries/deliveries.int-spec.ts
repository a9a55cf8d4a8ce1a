import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DeliveryEventTypes, Topics } from '@forewarn/contracts';
import { emailsTo, eventually, RunningService, TestStack } from '../../../../test/support/test-stack';
import { SesFaultProxy, SesFaults } from '../../../../test/support/ses-fault-proxy';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { DeliveriesService } from './deliveries.service';
import { DeliveryClaim } from './delivery-records.schema';
import { deliveryIdOf } from './domain/delivery-key';
import { announcementNotice, emailJobsDrained, recipientsAt } from './testing/sending-fixtures';

const recipients = recipientsAt;
const notice = announcementNotice;

describe('sending (real Kafka, FerretDB and SES emulator behind a fault proxy)', () => {
  const stack = new TestStack();
  const proxy = new SesFaultProxy();
  let notification: RunningService;
  let deliveries: DeliveriesService;
  let staff: string;
  const domain = `${stack.runId}.send.example`;
  const addresses = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}@${domain}`);

  beforeAll(async () => {
    const endpoint = await proxy.start();
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, {
      SES_ENDPOINT: endpoint,
      SES_MAX_SEND_RATE: '5',
      DELIVERY_RETRY_DELAY_MS: '100',
      DELIVERY_RETRY_MAX_DELAY_MS: '400',
      DELIVERY_MAX_ATTEMPTS: '3',
      // SES requests time out at a third of the lease (10 s): plenty for a busy shared emulator.
      DELIVERY_CLAIM_LEASE_MS: '30000',
    });
    deliveries = notification.app.get(DeliveriesService);
    staff = await stack.token(['auditor']);
  });

  afterAll(async () => {
    await stack.stop();
    await proxy.stop();
  });

  const listed = async (sourceId: string) =>
    (await notification.http().get('/api/v1/deliveries').query({ sourceId }).set('authorization', `Bearer ${staff}`).expect(200)).body as {
      email: string;
      status: string;
      sesMessageId?: string;
      template: string;
      templateVersion?: number;
      subject?: string;
      sentAt?: string;
      detail?: string;
    }[];

  const settled = async (sourceId: string, count: number, timeoutMs = 30_000) => {
    const progress = await eventually(
      `every delivery of ${sourceId} settled (${count} in all)`,
      async () => (await notification.http().get('/api/v1/deliveries/progress').query({ sourceId }).set('authorization', `Bearer ${staff}`)).body,
      (p) => p.total === count && p.pending === 0,
      timeoutMs,
    );
    expect(progress).toMatchObject({ total: count, pending: 0 });
    return listed(sourceId);
  };

  const jobsDrained = () => emailJobsDrained(stack);

  it('sends one email per contact however often the fan-out runs, within the send rate, and records each send', async () => {
    const emails = addresses('rate', 12);
    expect(await deliveries.fanOut(notice('e-rate'), recipients(emails))).toBe(12);
    expect(await deliveries.fanOut(notice('e-rate'), recipients(emails))).toBe(0); // the event again

    const records = await settled('source-e-rate', 12);
    expect(records.every((d) => d.status === 'sent')).toBe(true);
    expect(records[0]).toMatchObject({ template: 'subprocessor-change-announced', templateVersion: expect.any(Number), subject: expect.stringContaining('Iceni Backup'), sentAt: expect.any(String) });

    const inbox = await emailsTo(emails);
    expect(inbox.map((e) => e.destination.to[0]).sort()).toEqual([...emails].sort());
    expect(new Set(inbox.map((e) => e.messageId))).toEqual(new Set(records.map((d) => d.sesMessageId)));

    // 5 per second with a burst of 5: the (i+1)th send needs i-4 refills of 200 ms after the first.
    // Times are taken where the requests arrive (the proxy), so allow 150 ms of arrival jitter.
    const sends = proxy.forwarded.filter((s) => emails.includes(s.to)).map((s) => s.at);
    expect(sends).toHaveLength(12);
    sends.sort((a, b) => a - b);
    for (let i = 5; i < sends.length; i++) expect(sends[i] - sends[0]).toBeGreaterThanOrEqual((i - 4) * 200 - 150);
  });

  it('shows a responder the recipients of breach notices only, not of change notices (issue 13, item 12)', async () => {
    await deliveries.fanOut(announcementNotice('ev-scope-change'), recipients(addresses('scope-change', 1)));
    await deliveries.fanOut(announcementNotice('ev-scope-breach', 'breach'), recipients(addresses('scope-breach', 1)));
    const responder = await stack.token(['responder']);
    const asResponder = async (sourceId?: string) =>
      ((await notification.http().get('/api/v1/deliveries').query(sourceId ? { sourceId } : {}).set('authorization', `Bearer ${responder}`).expect(200)).body as { email: string }[]).map((d) => d.email);
    expect(await asResponder('source-ev-scope-breach')).toEqual(addresses('scope-breach', 1));
    expect(await asResponder('source-ev-scope-change')).toEqual([]);
    expect((await asResponder()).filter((e) => e.startsWith('scope-'))).toEqual(addresses('scope-breach', 1));
    expect((await listed('source-ev-scope-change')).map((d) => d.email)).toEqual(addresses('scope-change', 1)); // an auditor sees both
  });

  it('waits out SES throttling without using up attempts, and sends every email', async () => {
    const emails = addresses('throttle', 3);
    proxy.failNext(SesFaults.throttling, 4, new RegExp(`^throttle\\d@${domain.replace(/\./g, '\\.')}$`));
    await deliveries.fanOut(notice('e-throttle'), recipients(emails));
    const records = await settled('source-e-throttle', 3);
    expect(records.map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
    expect(proxy.faulted.filter((f) => f.code === 'Throttling' && emails.includes(f.to))).toHaveLength(4); // more than DELIVERY_MAX_ATTEMPTS
    expect(await emailsTo(emails)).toHaveLength(3);
  });

  it('retries 5xx, and records a rejection as failed with the SES error and publishes it', async () => {
    const [flaky, rejected] = addresses('fail', 2);
    proxy.failNext(SesFaults.serviceUnavailable, 2, new RegExp(`^${flaky.replace(/\./g, '\\.')}$`));
    proxy.failNext(SesFaults.messageRejected, 1, new RegExp(`^${rejected.replace(/\./g, '\\.')}$`));
    const kafka = stack.kafka();
    const consumer = kafka.consumer({ groupId: `t-${stack.runId}-failed` });
    const published: { type: string; data: { deliveryId: string; reason: string } }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: stack.topic(Topics.notificationDeliveries), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void published.push(JSON.parse(message.value!.toString())) });
    try {
      await deliveries.fanOut(notice('e-fail'), recipients([flaky, rejected]));
      const records = await settled('source-e-fail', 2);
      expect(records.find((d) => d.email === flaky)).toMatchObject({ status: 'sent' });
      expect(records.find((d) => d.email === rejected)).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^MessageRejected: Email address is not verified/) });
      const failed = await eventually('a delivery.failed event', async () => published.filter((e) => e.type === DeliveryEventTypes.failed), (f) => f.length > 0);
      expect(failed).toEqual([expect.objectContaining({ data: expect.objectContaining({ deliveryId: deliveryIdOf('e-fail', rejected), reason: expect.stringContaining('MessageRejected') }) })]);
      expect(await emailsTo([flaky, rejected])).toHaveLength(1);
    } finally {
      await consumer.disconnect();
    }
  });

  it('takes over an email a dead sender claimed once the claim is older than the lease, and skips one already sent', async () => {
    const [orphan, done] = addresses('orphan', 2);
    const claims = notification.app.get<Model<DeliveryClaim>>(getModelToken(DeliveryClaim.name));
    const orphanId = deliveryIdOf('e-orphan', orphan);
    // A sender that died between its claim and the send (its lease started 29 s ago, of 30 s).
    await claims.collection.insertOne({ _id: `${orphanId}#1`, deliveryId: orphanId, n: 1, owner: 'dead', claimedAtMs: Date.now() - 29_000, leaseUntilMs: Date.now() + 1_000 } as never);
    await deliveries.fanOut(notice('e-orphan'), recipients([orphan, done]));
    await settled('source-e-orphan', 2);
    // The fan-out again (a redelivered event): the jobs find both emails done and send nothing.
    await deliveries.fanOut(notice('e-orphan'), recipients([orphan, done]));
    await jobsDrained();
    expect((await emailsTo([orphan])).length).toBe(1);
    expect((await emailsTo([done])).length).toBe(1);
    expect(await claims.findById(`${orphanId}#2`).lean()).toMatchObject({ n: 2 });
  });
});
