import { BreachEventTypes, buildEvent, SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import type { Producer } from 'kafkajs';
import { Webhook } from 'standardwebhooks';
import { eventually, RunningService, TestStack } from '../../../../test/support/test-stack';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { retryDelayAfter, WEBHOOK_MAX_ATTEMPTS } from './domain/webhook-attempts';
import { ReceivedWebhook, WebhookReceiver } from './testing/webhook-receiver';

const DAY = 24 * 3600_000;

interface ProofOfWebhooks {
  contacts: { email: string }[];
  webhooks: { customerId: string; endpointId: string; status: string; late: boolean; attempts: { attempt: number; at: string; outcome: string; statusCode?: number; error?: string }[] }[];
}

/**
 * Signed webhooks through the real stack: events on Kafka, endpoints and attempts in FerretDB,
 * durable timers for the retries, real HTTP to receivers on this machine. Signatures are checked
 * by `standardwebhooks`, the reference implementation of the spec, not by the sender's code.
 */
describe('customer webhooks (real Kafka, FerretDB, HTTP; verified by the standardwebhooks library)', () => {
  const stack = new TestStack();
  const receiver = new WebhookReceiver();
  const internal = new WebhookReceiver(); // an internal host: nothing may reach it
  let receiverPort: number;
  let internalPort: number;
  let notification: RunningService;
  let producer: Producer;
  let admin: string;
  let auditor: string;
  const customers: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const endpoints: Record<string, string> = {};
  const start = Date.now();

  const startNotification = (allowed: string) =>
    stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, { WEBHOOK_PRIVATE_TARGETS_ALLOWED: allowed, WEBHOOK_TIMEOUT_MS: '3000' });
  const advance = (advanceMs: number) => notification.http().post('/internal/test-clock').send({ advanceMs }).expect(200);
  const publish = async (topic: string, key: string, type: string, data: object) => {
    const event = buildEvent({ type, source: '/forewarn/test', subject: key, data, time: new Date(), correlationId: 'corr-webhooks', actor: 'user:tester' });
    await producer.send({ topic: stack.topic(topic), messages: [{ key, value: JSON.stringify(event) }] });
    return event;
  };
  const register = (customer: string, url: string, notices = ['subprocessor-changes', 'breaches']) =>
    notification.http().post(`/api/v1/customers/${customers[customer]}/webhook-endpoints`).auth(admin, { type: 'bearer' }).send({ url, notices });
  const verified = (secret: string, w: ReceivedWebhook) => new Webhook(secret).verify(w.body, w.headers as Record<string, string>);
  const proofOf = async (changeId: string) => (await notification.http().get(`/api/v1/proof-of-notice/${changeId}`).auth(auditor, { type: 'bearer' }).expect(200)).body as ProofOfWebhooks;

  beforeAll(async () => {
    receiverPort = await receiver.answer('/acme', 500, 500, 204).answer('/gamma', 503).start();
    internalPort = await internal.start();
    // This replica lets both test hosts through, as a public name would be at registration.
    notification = await startNotification(`127.0.0.1:${receiverPort},127.0.0.1:${internalPort}`);
    producer = stack.kafka().producer();
    await producer.connect();
    [admin, auditor] = await Promise.all([stack.token(['admin']), stack.token(['auditor'])]);
    for (const name of ['Acme', 'Beta', 'Gamma']) {
      const res = await notification.http().post('/api/v1/customers').auth(admin, { type: 'bearer' }).send({ name: `${name} ${stack.runId}`, contacts: [{ name: 'DPO', email: `dpo@${name.toLowerCase()}.${stack.runId}.example` }] }).expect(201);
      customers[name] = res.body.id;
    }
  });

  afterAll(async () => {
    await producer?.disconnect();
    await stack.stop();
    await Promise.all([receiver.stop(), internal.stop()]);
  });

  it('registers an endpoint with a secret shown once, and refuses internal addresses and other roles', async () => {
    const acme = await register('Acme', `http://127.0.0.1:${receiverPort}/acme`).expect(201);
    expect(acme.body).toMatchObject({ customerId: customers.Acme, status: 'active', notices: ['subprocessor-changes', 'breaches'], secret: expect.stringMatching(/^whsec_/) });
    secrets.Acme = acme.body.secret;
    endpoints.Acme = acme.body.id;
    const listed = await notification.http().get(`/api/v1/customers/${customers.Acme}/webhook-endpoints`).auth(auditor, { type: 'bearer' }).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: endpoints.Acme, secrets: [expect.objectContaining({ id: expect.stringMatching(/^ws_/) })] })]);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');

    for (const [url, why] of [
      ['https://10.0.0.5/hook', /internal address \(10\.0\.0\.5\)/],
      ['https://169.254.169.254/latest/meta-data/', /internal address/],
      ['https://[::1]/hook', /internal address/],
      [`http://localhost:${internalPort}/`, /localhost is internal/],
      [`http://127.0.0.1:${receiverPort + 1}/`, /internal address/],
      ['ftp://hooks.acme.example/', /http or https/],
    ] as const) {
      const refused = await register('Acme', url).expect(422);
      expect([url, refused.body.message]).toEqual([url, expect.stringMatching(why)]);
    }
    await notification.http().post(`/api/v1/customers/${customers.Acme}/webhook-endpoints`).auth(auditor, { type: 'bearer' }).send({ url: 'https://hooks.acme.example/', notices: ['breaches'] }).expect(403);

    // Beta's endpoint passes registration on this replica, as a public host name would whose
    // DNS later points inside: the replica that delivers does not allow it (below).
    endpoints.Beta = (await register('Beta', `http://127.0.0.1:${internalPort}/beta`).expect(201)).body.id;
    const gamma = await register('Gamma', `http://127.0.0.1:${receiverPort}/gamma`, ['subprocessor-changes']).expect(201);
    endpoints.Gamma = gamma.body.id;
    secrets.Gamma = gamma.body.secret;

    await stack.stopService(notification);
    notification = await startNotification(`127.0.0.1:${receiverPort}`);
  });

  it('delivers a change notice signed, retries it after two 500s, refuses an internal address at delivery, and shows every attempt in proof of notice', async () => {
    const changeId = `ch-${stack.runId}`;
    const effectiveAt = new Date(start + 45 * DAY).toISOString();
    const subprocessor = { id: 'sp-1', name: 'Iceni Backup', category: 'Data hosting services', purpose: 'Off-site backups', dataCategories: ['backups'], locations: ['GB'], transferMechanism: 'UK data only' };
    await publish(Topics.subprocessorChanges, changeId, SubprocessorChangeEventTypes.announced, { changeId, kind: 'addition', subprocessor, summary: 'We add Iceni Backup.', announcedAt: new Date(start).toISOString(), effectiveAt, noticePeriodDays: 30 });

    await eventually('the first attempt at Acme', async () => receiver.at('/acme'), (r) => r.length === 1);
    await advance(5_000);
    await eventually('the second attempt, 5 s later', async () => receiver.at('/acme'), (r) => r.length === 2);
    await advance(5 * 60_000);
    const acme = await eventually('the third attempt, 5 min later', async () => receiver.at('/acme'), (r) => r.length === 3);

    expect(acme.map((w) => w.answered)).toEqual([500, 500, 204]);
    expect(new Set(acme.map((w) => w.headers['webhook-id'])).size).toBe(1); // one message, tried three times
    expect(new Set(acme.map((w) => w.body)).size).toBe(1);
    const payload = verified(secrets.Acme, acme[2]) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'subprocessor.change.announced', data: { changeId, effectiveAt, customerId: customers.Acme, authorisationRequested: false } });
    expect(acme[2].body).not.toContain(customers.Beta);
    expect(() => verified(secrets.Acme, { ...acme[2], body: acme[2].body.replace('Iceni', 'Evil') })).toThrow();
    expect(() => verified(secrets.Gamma, acme[2])).toThrow();

    const proof = await eventually('both endpoints in the proof, settled', () => proofOf(changeId), (p) => ['Acme', 'Beta'].every((c) => p.webhooks.some((w) => w.endpointId === endpoints[c] && w.status !== 'pending')));
    const row = (c: string) => proof.webhooks.find((w) => w.endpointId === endpoints[c])!;
    expect(row('Acme')).toMatchObject({ customerId: customers.Acme, status: 'delivered', late: false });
    expect(row('Acme').attempts.map((a) => [a.attempt, a.outcome, a.statusCode])).toEqual([[1, 'retrying', 500], [2, 'retrying', 500], [3, 'delivered', 204]]);
    expect(row('Beta')).toMatchObject({ status: 'failed', attempts: [{ attempt: 1, outcome: 'failed', error: expect.stringMatching(/^127\.0\.0\.1 is an internal address: not delivered/) }] });
    expect(internal.received).toEqual([]); // Beta's attempt is recorded: it was refused, not made
    expect(proof.contacts.map((c) => c.email).sort()).toEqual(['Acme', 'Beta', 'Gamma'].map((n) => `dpo@${n.toLowerCase()}.${stack.runId}.example`).sort());
    const csv = (await notification.http().get(`/api/v1/proof-of-notice/${changeId}?format=csv`).auth(auditor, { type: 'bearer' }).expect(200)).text;
    expect(csv.split('\r\n').find((l) => l.includes(endpoints.Acme))).toMatch(/,delivered,.*,webhook,http:\/\/127\.0\.0\.1:\d+\/acme,1 \S+ 500; 2 \S+ 500; 3 \S+ 204$/);

    // Gamma's endpoint answers 503 every time: tried on the schedule for more than a day, then failed.
    // (Its first attempts came with Acme's; each jump of the clock brings the next one due.)
    for (let made = receiver.at('/gamma').length; made < WEBHOOK_MAX_ATTEMPTS; made++) {
      await advance(retryDelayAfter(made)!);
      await eventually(`Gamma attempt ${made + 1}`, async () => receiver.at('/gamma'), (r) => r.length === made + 1);
    }
    const gamma = await eventually('Gamma failed for good', () => proofOf(changeId), (p) => p.webhooks.find((w) => w.endpointId === endpoints.Gamma)?.status === 'failed');
    const tries = gamma.webhooks.find((w) => w.endpointId === endpoints.Gamma)!.attempts;
    expect(tries).toHaveLength(8);
    expect(new Date(tries[7].at).getTime() - new Date(tries[0].at).getTime()).toBeGreaterThan(24 * 3600_000);
    expect(verified(secrets.Gamma, receiver.at('/gamma')[7])).toMatchObject({ data: { changeId } });
  });

  it('signs with both secrets while a rotation overlaps, then with the new one only; breach notices reach breach endpoints only', async () => {
    const rotated = await notification.http().post(`/api/v1/customers/${customers.Acme}/webhook-endpoints/${endpoints.Acme}/secret-rotations`).auth(admin, { type: 'bearer' }).send({ overlapHours: 24 }).expect(201);
    expect(rotated.body.secrets).toHaveLength(2);
    const breach = { breachId: `br-${stack.runId}`, reference: 'BR-2026-0042', title: 'Lost laptop', description: 'A laptop was stolen', nature: ['stolen'], dataCategories: ['contact details'], specialCategoryData: false, approxDataSubjects: 10, approxRecords: 20, awareAt: new Date().toISOString(), affectedCustomerIds: [customers.Acme, customers.Gamma], contactPoint: 'dpo@forewarn.example', requestedAt: new Date().toISOString() };
    await publish(Topics.breachIncidents, breach.breachId, BreachEventTypes.customerNoticeRequested, { ...breach, phase: 'initial' });
    const [notice] = await eventually('the breach notice at Acme', async () => receiver.at('/acme').slice(3), (r) => r.length === 1);
    expect(String(notice.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [secrets.Acme, rotated.body.secret]) expect(verified(secret, notice)).toMatchObject({ type: 'breach.notice', data: { breachId: breach.breachId, phase: 'initial', customerId: customers.Acme } });
    expect(notice.body).not.toContain('affectedCustomerIds');
    expect(notice.body).not.toContain(customers.Gamma);

    const retired = await notification.http().post(`/api/v1/customers/${customers.Acme}/webhook-endpoints/${endpoints.Acme}/secret-rotations`).auth(admin, { type: 'bearer' }).send({ overlapHours: 0 }).expect(201);
    expect(retired.body.secrets).toHaveLength(1);
    await publish(Topics.breachIncidents, breach.breachId, BreachEventTypes.customerNoticeRequested, { ...breach, phase: 'follow-up', message: 'We recovered the laptop.' });
    const [update] = await eventually('the follow-up at Acme', async () => receiver.at('/acme').slice(4), (r) => r.length === 1);
    expect(verified(retired.body.secret, update)).toMatchObject({ data: { phase: 'follow-up' } });
    expect(() => verified(rotated.body.secret, update)).toThrow();
    // Gamma receives change notices only: the marker that both breach fan-outs are done is Acme's
    // second notice, and the proof of each event lists Acme's endpoint alone.
    expect(receiver.at('/gamma')).toHaveLength(8);

    await notification.http().delete(`/api/v1/customers/${customers.Acme}/webhook-endpoints/${endpoints.Acme}`).auth(admin, { type: 'bearer' }).expect(200);
    const listed = await notification.http().get(`/api/v1/customers/${customers.Acme}/webhook-endpoints`).auth(admin, { type: 'bearer' }).expect(200);
    expect(listed.body[0]).toMatchObject({ status: 'removed', removedAt: expect.any(String) });
  });
});
