import { DeliveryEventTypes, Topics } from '@forewarn/contracts';
import { emailsTo, eventually, RunningService, TestStack } from '../../../../test/support/test-stack';
import { SnsTestSigner } from '../../../../test/support/sns-test-signer';
import type { Recipient } from '../customers/customers.service';
import { DeliveriesService } from '../deliveries/deliveries.service';
import { ProofPages } from '../deliveries/proof-pages';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { SnsCertificateFetcher, SnsSubscriptionConfirmer } from './sns-verifier';

describe('POST /webhooks/ses (real stack; signed with a certificate made in the test)', () => {
  const stack = new TestStack();
  const signer = new SnsTestSigner();
  const fetchedCerts: string[] = [];
  let otherCertPem = '';
  const confirmed: string[] = [];
  let notification: RunningService;
  let staff: string;
  const email = `bounce.${stack.runId}@webhook.example`;
  const other = `delivered.${stack.runId}@webhook.example`;

  beforeAll(async () => {
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, { SES_MAX_SEND_RATE: '50', SES_WEBHOOK_TOPIC_ARNS: SnsTestSigner.topicArn }, [
      { provide: SnsCertificateFetcher, useValue: { fetch: async (url: string) => (fetchedCerts.push(url), url.endsWith('-other.pem') ? otherCertPem : signer.certificatePem) } },
      { provide: SnsSubscriptionConfirmer, useValue: { confirm: async (url: string) => void confirmed.push(url) } },
    ]);
    staff = await stack.token(['compliance']);
    const recipients = (async function* (): AsyncGenerator<Recipient> {
      for (const e of [email, other]) yield { customerId: 'cu', customerName: 'Acme', contactId: e, contactName: 'Dana', email: e };
    })();
    await notification.app.get(DeliveriesService).fanOut(
      {
        sourceType: 'breach',
        sourceId: 'breach-1',
        sourceEventId: 'ev-1',
        template: 'subprocessor-change-announced',
        data: { summary: 's', effectiveAt: '2027-01-01T00:00:00Z', noticePeriodDays: 30, subprocessor: { name: 'X', locations: [] } },
      },
      recipients,
    );
    await eventually('both emails at the emulator', () => emailsTo([email, other]), (m) => m.length === 2);
  });

  afterAll(() => stack.stop());

  const deliveries = async () =>
    (await notification.http().get('/api/v1/deliveries').query({ sourceId: 'breach-1' }).set('authorization', `Bearer ${staff}`).expect(200)).body as { email: string; status: string; sesMessageId: string; bouncedAt?: string; detail?: string }[];
  const post = (body: object, contentType = 'text/plain; charset=UTF-8') => notification.http().post('/webhooks/ses').set('content-type', contentType).send(JSON.stringify(body));

  it('confirms a subscription by visiting its SubscribeURL', async () => {
    const message = signer.sign({ Type: 'SubscriptionConfirmation', MessageId: 'c1', TopicArn: SnsTestSigner.topicArn, Message: 'confirm', Timestamp: new Date().toISOString(), SubscribeURL: 'https://sns.eu-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=t', Token: 't' });
    expect((await post(message).expect(200)).body).toEqual({ result: 'confirmed' });
    expect(confirmed).toEqual([message.SubscribeURL]);
  });

  it('records a bounce found by the message tag, shows it on the delivery and publishes it; a second copy changes nothing', async () => {
    const kafka = stack.kafka();
    const consumer = kafka.consumer({ groupId: `t-${stack.runId}-bounces` });
    const published: { type: string; data: { contactId: string; detail?: string } }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: stack.topic(Topics.notificationDeliveries), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void published.push(JSON.parse(message.value!.toString())) });
    try {
      const sent = (await deliveries()).find((d) => d.email === email)!;
      const [ses] = await emailsTo([email]);
      expect(sent.sesMessageId).toBe(ses.messageId);
      const tag = Buffer.from(`ev-1:${email}`).toString('base64url');
      const bounce = { notificationType: 'Bounce', mail: { messageId: sent.sesMessageId, tags: { delivery: [tag] } }, bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail', timestamp: '2027-01-01T10:00:00.000Z', bouncedRecipients: [{ emailAddress: email, diagnosticCode: 'smtp; 550 5.1.1 no such user' }] } };
      expect((await post(signer.notification(bounce)).expect(200)).body).toEqual({ result: 'recorded' });
      expect((await post(signer.notification(bounce)).expect(200)).body).toEqual({ result: 'duplicate' });
      expect((await deliveries()).find((d) => d.email === email)).toMatchObject({ status: 'bounced', bouncedAt: '2027-01-01T10:00:00.000Z', detail: 'Permanent/NoEmail: smtp; 550 5.1.1 no such user' });
      const bounced = await eventually('a delivery.bounced event', async () => published.filter((e) => e.type === DeliveryEventTypes.bounced), (b) => b.length > 0);
      expect(bounced.map((e) => e.data)).toEqual([expect.objectContaining({ contactId: email, detail: expect.stringContaining('no such user') })]);
      expect(fetchedCerts).toHaveLength(1); // cached after the first message
    } finally {
      await consumer.disconnect();
    }
  });

  it('finds an untagged notification by its SES message id', async () => {
    const [ses] = await emailsTo([other]);
    const delivery = { eventType: 'Delivery', mail: { messageId: ses.messageId }, delivery: { timestamp: '2027-01-01T11:00:00.000Z', smtpResponse: '250 ok' } };
    expect((await post(signer.notification(delivery), 'application/json').expect(200)).body).toEqual({ result: 'recorded' });
    expect((await deliveries()).find((d) => d.email === other)).toMatchObject({ status: 'delivered' });
  });

  it('puts what SES reported on the proof pages of the event, once per report however often it came', async () => {
    const told = [];
    for await (const contact of notification.app.get(ProofPages).told('ev-1')) told.push(contact);
    expect(told.map((c) => [c.email, Object.keys(c.facts).sort()]).sort()).toEqual(
      [[email, ['bounced', 'sent']], [other, ['delivered', 'sent']]].sort(),
    );
    expect(told.find((c) => c.email === email)!.facts.bounced!.at.toISOString()).toBe('2027-01-01T10:00:00.000Z');
  });

  it('refuses what a stranger can send with genuine SNS signatures or an old message, before confirming or recording anything (issue 13, items 1, 4, 13)', async () => {
    const [ses] = await emailsTo([other]);
    const complaint = { notificationType: 'Complaint', mail: { messageId: ses.messageId }, complaint: { complaintFeedbackType: 'abuse' } };
    const strangersTopic = 'arn:aws:sns:eu-west-2:999999999999:mallory';
    expect((await post(signer.notification(complaint, '2', { TopicArn: strangersTopic })).expect(403)).body.message).toMatch(/^TopicArn/);
    const subscribe = signer.sign({ Type: 'SubscriptionConfirmation', MessageId: 'c2', TopicArn: strangersTopic, Message: 'confirm', Timestamp: new Date().toISOString(), SubscribeURL: 'https://sns.eu-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=m', Token: 'm' });
    expect((await post(subscribe).expect(403)).body.message).toMatch(/^TopicArn/);
    expect(confirmed).toHaveLength(1); // only the allowed topic's
    const redirected = signer.sign({ Type: 'SubscriptionConfirmation', MessageId: 'c3', TopicArn: SnsTestSigner.topicArn, Message: 'confirm', Timestamp: new Date().toISOString(), SubscribeURL: 'http://169.254.169.254/latest/meta-data/', Token: 'm' });
    expect((await post(redirected).expect(403)).body.message).toMatch(/^SubscribeURL/);
    expect((await post(signer.notification(complaint, '1')).expect(403)).body.message).toMatch(/^SignatureVersion/);
    const old = new Date(Date.now() - 2 * 3600_000).toISOString();
    expect((await post(signer.notification(complaint, '2', { Timestamp: old })).expect(403)).body.message).toMatch(/^Timestamp/);
    const notSns = new SnsTestSigner('/CN=mallory.example');
    const otherCert = { ...notSns.notification(complaint), SigningCertURL: 'https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-other.pem' };
    otherCertPem = notSns.certificatePem;
    expect((await post(notSns.sign({ ...otherCert }, '2', otherCert.SigningCertURL)).expect(403)).body.message).toMatch(/^SigningCertURL: the certificate is issued to/);
    expect((await deliveries()).find((d) => d.email === other)).toMatchObject({ status: 'delivered' }); // no complaint recorded
    const once = signer.notification(complaint);
    expect((await post(once).expect(200)).body).toEqual({ result: 'recorded' });
    expect((await post(once).expect(200)).body).toEqual({ result: 'duplicate' }); // the same SNS message again
  });

  it('refuses a forged signature, a certificate from elsewhere, and a malformed message', async () => {
    const forged = { ...signer.notification({ notificationType: 'Bounce', mail: { messageId: 'x' } }), Message: JSON.stringify({ notificationType: 'Bounce', mail: { messageId: 'y' } }) };
    expect((await post(forged).expect(403)).body.message).toMatch(/^Signature/);
    const elsewhere = signer.sign({ Type: 'Notification', MessageId: 'n', TopicArn: SnsTestSigner.topicArn, Message: '{}', Timestamp: new Date().toISOString() }, '2', 'https://evil.example/cert.pem');
    expect((await post(elsewhere).expect(403)).body.message).toMatch(/^SigningCertURL/);
    expect((await post({ Type: 'Notification' }).expect(400)).body.message).toMatch(/MessageId/);
  });
});
