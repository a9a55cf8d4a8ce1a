import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { eventually, RunningService, TestStack } from '../../../../test/support/test-stack';
import type { Recipient } from '../customers/customers.service';
import { MailSender, OutgoingEmail, SendFailure } from '../mail/mail-sender';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { subprocessorChangeAnnounced } from '../templates/subprocessor-change-announced.template';
import { DeliveriesService, NoticeToSend } from './deliveries.service';
import { Delivery } from './delivery.schema';

/** Stands in for SES only where SES cannot be made to misbehave: throttling and rejections. */
class ScriptedMailSender extends MailSender {
  readonly sent: { to: string; at: number }[] = [];
  throttleNext = 0;
  readonly failures = new Map<string, { kind: 'transient' | 'permanent'; times: number }>();

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    if (this.throttleNext > 0) {
      this.throttleNext--;
      throw new SendFailure('throttled', 'Throttling: Maximum sending rate exceeded.');
    }
    const failure = this.failures.get(email.to);
    if (failure && failure.times > 0) {
      failure.times--;
      throw new SendFailure(failure.kind, `${failure.kind} failure for ${email.to}`);
    }
    this.sent.push({ to: email.to, at: performance.now() });
    return { messageId: `fake-${this.sent.length}` };
  }
}

const recipients = (emails: string[]): AsyncIterable<Recipient> =>
  (async function* () {
    for (const email of emails) yield { customerId: 'cu', customerName: 'Acme', contactId: email, contactName: 'C', email };
  })();

const notice = (sourceEventId: string): NoticeToSend => ({
  sourceType: 'subprocessor-change',
  sourceId: `change-${sourceEventId}`,
  sourceEventId,
  template: subprocessorChangeAnnounced.name,
  data: { kindLabel: 'New subprocessor', summary: 's', effectiveAt: '2027-01-01T00:00:00Z', noticePeriodDays: 30, subprocessor: { name: 'X' } },
});

const startWithMail = (stack: TestStack, mail: MailSender, env: Record<string, string>) =>
  stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, env, [
    { provide: MailSender, useValue: mail },
  ]);

describe('delivery queue (real FerretDB; scripted mail sender)', () => {
  const stack = new TestStack();
  const mail = new ScriptedMailSender();
  let notification: RunningService;
  let deliveries: DeliveriesService;
  let records: Model<Delivery>;

  beforeAll(async () => {
    notification = await startWithMail(stack, mail, {
      SES_MAX_SEND_RATE: '5',
      DELIVERY_RETRY_DELAY_MS: '100',
      DELIVERY_MAX_ATTEMPTS: '3',
      // A poll too slow to matter: new emails and retries must wake the sender themselves.
      DELIVERY_POLL_INTERVAL_MS: '600000',
    });
    deliveries = notification.app.get(DeliveriesService);
    records = notification.app.get(getModelToken(Delivery.name));
  });

  afterAll(() => stack.stop());

  const settled = (sourceEventId: string, count: number) =>
    eventually(
      `${count} deliveries of ${sourceEventId} sent or failed`,
      () => records.find({ sourceEventId }).lean(),
      (d) => d.length === count && d.every((x) => x.status === 'sent' || x.status === 'failed'),
    );

  it('queues an event once per contact however often it arrives, and sends within the SES rate', async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `c${i}.${stack.runId}@rate.example`);
    expect(await deliveries.queue(notice('e-rate'), recipients(emails))).toBe(12);
    expect(await deliveries.queue(notice('e-rate'), recipients(emails))).toBe(0); // redelivered event

    const done = await settled('e-rate', 12);
    expect(done.every((d) => d.status === 'sent')).toBe(true);
    const sends = mail.sent.filter((s) => s.to.endsWith('@rate.example'));
    expect(sends.map((s) => s.to).sort()).toEqual([...emails].sort());
    // 5 per second with a burst of 5: the last 7 of 12 need at least 7 × 200 ms.
    expect(sends[sends.length - 1].at - sends[0].at).toBeGreaterThanOrEqual(1300);
  });

  it('waits out throttling without using up attempts or dropping the email', async () => {
    mail.throttleNext = 2;
    await deliveries.queue(notice('e-throttle'), recipients([`t.${stack.runId}@throttle.example`]));
    const [delivery] = await eventually('the throttled delivery sent', () => records.find({ sourceEventId: 'e-throttle' }).lean(), (d) => d[0]?.status === 'sent', 20_000);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1, sesMessageId: expect.stringMatching(/^fake-/) });
    expect(delivery.lastError).toBeUndefined();
  });

  it('retries a transient failure, and records a rejection as failed with its reason', async () => {
    const flaky = `flaky.${stack.runId}@fail.example`;
    const rejected = `rejected.${stack.runId}@fail.example`;
    mail.failures.set(flaky, { kind: 'transient', times: 2 });
    mail.failures.set(rejected, { kind: 'permanent', times: 1 });
    await deliveries.queue(notice('e-fail'), recipients([flaky, rejected]));

    const done = await settled('e-fail', 2);
    expect(done.find((d) => d.email === flaky)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(done.find((d) => d.email === rejected)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: `permanent failure for ${rejected}`,
    });
  });
});

describe('retry timers and the test clock (real FerretDB; scripted mail sender)', () => {
  const stack = new TestStack();
  const mail = new ScriptedMailSender();
  const HOUR = 3600_000;
  let notification: RunningService;

  beforeAll(async () => {
    notification = await startWithMail(stack, mail, { DELIVERY_RETRY_DELAY_MS: String(HOUR) });
  });

  afterAll(() => stack.stop());

  it('sends a retry that is due an hour later as soon as the test clock is moved an hour on', async () => {
    const email = `later.${stack.runId}@clock.example`;
    mail.failures.set(email, { kind: 'transient', times: 1 });
    await notification.app.get(DeliveriesService).queue(notice('e-clock'), recipients([email]));
    const records = notification.app.get<Model<Delivery>>(getModelToken(Delivery.name));
    const [waiting] = await eventually('the first attempt of e-clock to fail and wait', () => records.find({ sourceEventId: 'e-clock' }).lean(), (d) => d[0]?.attempts === 1 && d[0].status === 'pending');
    expect(waiting.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(HOUR - 60_000);

    await notification.http().post('/internal/test-clock').send({ advanceMs: HOUR - 60_000 }).expect(200);
    expect((await records.findById(waiting._id).lean())!.status).toBe('pending');

    await notification.http().post('/internal/test-clock').send({ advanceMs: 60_000 }).expect(200);
    expect(await records.findById(waiting._id).lean()).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
