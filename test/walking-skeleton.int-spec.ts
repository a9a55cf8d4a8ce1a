import { SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { BreachConfig } from '../apps/breach-response/src/breach.config';
import { breachDescription, BreachModule } from '../apps/breach-response/src/breach.module';
import { NotificationConfig } from '../apps/customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../apps/customer-notification/src/notification.module';
import { emailJobsDrained } from '../apps/customer-notification/src/deliveries/testing/sending-fixtures';
import { RegistryConfig } from '../apps/subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../apps/subprocessor-registry/src/registry.module';
import { emailsTo, eventually, RunningService, TestStack } from './support/test-stack';

const DAY = 24 * 3600 * 1000;

/**
 * The walking skeleton through the real stack: a change announced in the registry reaches every
 * customer contact as exactly one email at the SES emulator, via Kafka and both databases.
 */
describe('announce → one email per contact (real Kafka, FerretDB, SES emulator)', () => {
  const stack = new TestStack();
  let registry: RunningService;
  let notification: RunningService;
  let compliance: string;
  let admin: string;
  const contacts = {
    dpo: `dpo.${stack.runId}@acme.example`,
    cto: `cto.${stack.runId}@acme.example`,
    legal: `legal.${stack.runId}@globex.example`,
    breachOnly: `security.${stack.runId}@globex.example`,
  };

  beforeAll(async () => {
    [registry, notification] = await Promise.all([
      stack.start('subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription),
      stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription),
    ]);
    [compliance, admin] = await Promise.all([stack.token(['compliance']), stack.token(['admin'])]);

    for (const customer of [
      { name: 'Acme', contacts: [{ name: 'Dana', email: contacts.dpo }, { name: 'Colm', email: contacts.cto }] },
      {
        name: 'Globex',
        contacts: [
          { name: 'Lee', email: contacts.legal, receives: ['subprocessor-changes', 'breaches'] },
          { name: 'Sam', email: contacts.breachOnly, receives: ['breaches'] },
        ],
      },
    ]) {
      await notification.http().post('/api/v1/customers').auth(admin, { type: 'bearer' }).send(customer).expect(201);
    }
  });

  afterAll(() => stack.stop());

  async function registerSubprocessor(name: string): Promise<string> {
    const response = await registry
      .http()
      .post('/api/v1/subprocessors')
      .auth(compliance, { type: 'bearer' })
      .send({ name, category: 'Data hosting services', purpose: 'Hosts backups', dataCategories: ['account data'], locations: ['GB'], dpaSignedAt: '2026-01-05T00:00:00Z' })
      .expect(201);
    expect(response.body).toMatchObject({ name, status: 'pending' });
    return response.body.id;
  }

  async function now(service: RunningService): Promise<Date> {
    const response = await service.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200);
    return new Date(response.body.now);
  }

  it('emails every contact who receives subprocessor notices exactly once, and lists the change publicly', async () => {
    const subprocessorId = await registerSubprocessor(`Vault Backup ${stack.runId}`);
    const effectiveAt = new Date((await now(registry)).getTime() + 31 * DAY).toISOString();
    const draft = await registry
      .http()
      .post('/api/v1/changes')
      .auth(compliance, { type: 'bearer' })
      .send({ kind: 'addition', subprocessorId, effectiveAt, summary: 'We add an off-site backup provider in the UK.' })
      .expect(201);
    expect(draft.body).toMatchObject({ status: 'draft', effectiveAt });

    const announced = await registry
      .http()
      .post(`/api/v1/changes/${draft.body.id}/announce`)
      .auth(compliance, { type: 'bearer' })
      .expect(200);
    expect(announced.body).toMatchObject({ id: draft.body.id, status: 'announced', effectiveAt });
    expect(typeof announced.body.announcedAt).toBe('string');

    const list = await registry.http().get('/subprocessors.json').expect(200);
    expect(list.body.upcomingChanges).toEqual([
      expect.objectContaining({ id: draft.body.id, kind: 'addition', effectiveAt, subprocessor: expect.objectContaining({ id: subprocessorId }) }),
    ]);

    const told = [contacts.dpo, contacts.cto, contacts.legal];
    await eventually('three emails at the SES emulator', () => emailsTo([...told, contacts.breachOnly]), (e) => e.length >= 3);
    await emailJobsDrained(stack); // counted once every job is done, so a late duplicate would show
    const emails = await emailsTo([...told, contacts.breachOnly]);
    expect(emails.map((e) => e.destination.to[0]).sort()).toEqual([...told].sort());
    expect(emails[0].subject).toContain(`Vault Backup ${stack.runId}`);
    expect(emails[0].body.text).toContain('We add an off-site backup provider in the UK.');

    const deliveries = await eventually(
      'three sent delivery records',
      async () =>
        (await notification.http().get(`/api/v1/deliveries?sourceId=${draft.body.id}`).auth(compliance, { type: 'bearer' }).expect(200)).body,
      (d: { status: string; sesMessageId: string }[]) => d.length === 3 && d.every((x) => x.status === 'sent'),
    );
    expect(deliveries).toHaveLength(3);
    expect(deliveries.map((d) => d.sesMessageId).sort()).toEqual(emails.map((e) => e.messageId).sort());
    expect(deliveries[0]).toMatchObject({ template: 'subprocessor-change-announced', templateVersion: 3 });

    // Announcing again is refused, and nothing more is sent once the notification consumer has
    // committed past everything on the topic (whatever the refused announce could have published).
    await registry.http().post(`/api/v1/changes/${draft.body.id}/announce`).auth(compliance, { type: 'bearer' }).expect(409);
    await eventually('the notification consumer at the end of the topic', () => stack.consumedToEnd('customer-notification', Topics.subprocessorChanges), Boolean);
    const records = (await notification.http().get(`/api/v1/deliveries?sourceId=${draft.body.id}`).auth(compliance, { type: 'bearer' }).expect(200)).body;
    expect(records).toHaveLength(3);
    expect(await emailsTo([...told, contacts.breachOnly])).toHaveLength(3);
  });

  it("carries an objection made through the emailed link to the registry's change", async () => {
    const subprocessorId = await registerSubprocessor(`Objected Host ${stack.runId}`);
    const effectiveAt = new Date((await now(registry)).getTime() + 40 * DAY).toISOString();
    const draft = await registry
      .http()
      .post('/api/v1/changes')
      .auth(compliance, { type: 'bearer' })
      .send({ kind: 'addition', subprocessorId, effectiveAt, summary: 'A host the customer will object to.' })
      .expect(201);
    await registry.http().post(`/api/v1/changes/${draft.body.id}/announce`).auth(compliance, { type: 'bearer' }).expect(200);

    const [email] = await eventually(
      "the notice email to Acme's DPO",
      async () => (await emailsTo([contacts.dpo])).filter((e) => e.subject.includes(`Objected Host ${stack.runId}`)),
      (e) => e.length === 1,
    );
    const link = /\/n\/[A-Za-z0-9_.-]+/.exec(email.body.text ?? '')?.[0];
    expect(link).toBeDefined();
    await notification.http().get(link!).expect(200);
    const reason = 'We cannot accept a host our own customers have not vetted.';
    const confirmation = await notification.http().post(`${link}/objection`).type('form').send({ reason }).expect(201);
    expect(confirmation.text).toContain('we have received your objection');

    const change = await eventually(
      "the objection on the registry's change",
      async () => (await registry.http().get(`/api/v1/changes/${draft.body.id}`).auth(compliance, { type: 'bearer' }).expect(200)).body,
      (c: { objections: unknown[]; objectionCount: Record<string, number> }) => c.objections.length === 1,
    );
    expect(change.objections[0]).toMatchObject({ customerName: 'Acme', contactEmail: contacts.dpo, reason, status: 'open' });
    expect(change.objectionCount).toMatchObject({ total: 1, open: 1 });
  });

  it('refuses 29 days of notice with 422 and the earliest allowed date', async () => {
    const subprocessorId = await registerSubprocessor(`Short Notice ${stack.runId}`);
    const start = await now(registry);
    const tooSoon = await registry
      .http()
      .post('/api/v1/changes')
      .auth(compliance, { type: 'bearer' })
      .send({ kind: 'addition', subprocessorId, effectiveAt: new Date(start.getTime() + 29 * DAY).toISOString(), summary: 'Too soon' })
      .expect(422);
    expect(tooSoon.body.message).toMatch(/at least 30 days/);
    expect(new Date(tooSoon.body.earliestEffectiveAt).getTime()).toBeGreaterThanOrEqual(start.getTime() + 30 * DAY);

    // A draft that met the rule when written, announced after the clock moved two days on.
    const draft = await registry
      .http()
      .post('/api/v1/changes')
      .auth(compliance, { type: 'bearer' })
      .send({ kind: 'addition', subprocessorId, effectiveAt: new Date(start.getTime() + 31 * DAY).toISOString(), summary: 'Later' })
      .expect(201);
    const moved = await registry.http().post('/internal/test-clock').send({ advanceMs: 2 * DAY }).expect(200);
    const late = await registry.http().post(`/api/v1/changes/${draft.body.id}/announce`).auth(compliance, { type: 'bearer' }).expect(422);
    const earliest = new Date(late.body.earliestEffectiveAt).getTime() - 30 * DAY;
    expect(earliest).toBeGreaterThanOrEqual(new Date(moved.body.now).getTime());
    expect(earliest).toBeLessThan(new Date(moved.body.now).getTime() + 5000);
    expect((await registry.http().get(`/api/v1/changes/${draft.body.id}`).auth(compliance, { type: 'bearer' })).body.status).toBe('draft');
  });

  it('dead-letters a malformed message with its reason and still processes the next good one', async () => {
    const kafka = stack.kafka();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: stack.topic(Topics.subprocessorChanges),
      messages: [
        { key: 'broken-1', value: '{"this is": not json' },
        {
          key: 'broken-2',
          value: JSON.stringify({
            specversion: '1.0',
            id: `bad-${stack.runId}`,
            source: '/test',
            type: SubprocessorChangeEventTypes.announced,
            subject: 'x',
            time: new Date().toISOString(),
            correlationid: 'c',
            actor: 'user:test',
            data: { changeId: 'x', kind: 'merger' },
          }),
        },
      ],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `dlq-reader-${stack.runId}` });
    const parked: { key: string; reason: string; consumer: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: stack.topic(`${Topics.subprocessorChanges}.dlq`), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        parked.push({
          key: message.key!.toString(),
          reason: message.headers!['dlq-reason']!.toString(),
          consumer: message.headers!['dlq-consumer']!.toString(),
        });
      },
    });
    await eventually('two messages on the DLQ', async () => parked, (p) => p.length >= 2);
    await consumer.disconnect();
    // The two keys land on different partitions, so their order on the DLQ is not fixed.
    expect(parked.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'broken-1', reason: 'message value is not JSON', consumer: 'customer-notification' },
      { key: 'broken-2', reason: expect.stringMatching(/kind must be one of/), consumer: 'customer-notification' },
    ]);

    // The consumer moved on: a good announcement after the bad messages is emailed.
    const subprocessorId = await registerSubprocessor(`After DLQ ${stack.runId}`);
    const draft = await registry
      .http()
      .post('/api/v1/changes')
      .auth(compliance, { type: 'bearer' })
      .send({ kind: 'addition', subprocessorId, effectiveAt: new Date((await now(registry)).getTime() + 40 * DAY).toISOString(), summary: 'After' })
      .expect(201);
    await registry.http().post(`/api/v1/changes/${draft.body.id}/announce`).auth(compliance, { type: 'bearer' }).expect(200);
    const emails = await eventually(
      'the email of the announcement after the bad messages',
      async () => (await emailsTo([contacts.dpo])).filter((e) => e.subject.includes(`After DLQ ${stack.runId}`)),
      (e) => e.length >= 1,
    );
    expect(emails).toHaveLength(1);
  });

  it('needs a token (401) and the right role (403) on staff endpoints', async () => {
    await registry.http().get('/api/v1/subprocessors').expect(401);
    await registry.http().get('/api/v1/subprocessors').auth('not-a-jwt', { type: 'bearer' }).expect(401);
    const auditor = await stack.token(['auditor']);
    await registry.http().get('/api/v1/subprocessors').auth(auditor, { type: 'bearer' }).expect(200);
    const refused = await registry
      .http()
      .post('/api/v1/subprocessors')
      .auth(auditor, { type: 'bearer' })
      .send({ name: 'X', category: 'Y', purpose: 'Z', dataCategories: [], locations: ['GB'] })
      .expect(403);
    expect(refused.body.message).toContain('compliance');
    await notification.http().post('/api/v1/customers').auth(compliance, { type: 'bearer' }).send({ name: 'X', contacts: [] }).expect(403);
  });

  it('guards every route but the public ones', async () => {
    const isPublic = (path: string) =>
      ['/health', '/metrics', '/subprocessors', '/subprocessors.json', '/subprocessors/feed.atom', '/openapi.json', '/openapi.yaml', '/internal/test-clock', '/.well-known/forewarn-evidence-key'].includes(path) ||
      path.startsWith('/docs') ||
      path.startsWith('/n/') || // customer pages: the signed link is the credential
      path === '/subscriptions' || path.startsWith('/subscriptions/') || // the public subscription: double opt-in, signed links
      path === '/webhooks/ses'; // SNS: its signature is the credential
    for (const service of [registry, notification]) {
      const express = service.app.getHttpAdapter().getInstance() as {
        router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
      };
      // Wildcard routes belong to the docs UI's static files, not to our controllers.
      const routes = express.router.stack.filter((l) => l.route && !l.route.path.includes('{*')).map((l) => l.route!);
      let checked = 0;
      for (const route of routes.filter((r) => !isPublic(r.path))) {
        const path = route.path.replace(/:[A-Za-z]+/g, '6b0000000000000000000000');
        for (const method of Object.keys(route.methods).filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m)) as ('get' | 'post')[]) {
          const response = await service.http()[method](path);
          expect({ route: `${method.toUpperCase()} ${route.path}`, status: response.status }).toEqual({
            route: `${method.toUpperCase()} ${route.path}`,
            status: 401,
          });
          checked++;
        }
      }
      // None checked would mean the route table was not found or every route is public: a pass that proves nothing.
      expect(checked).toBeGreaterThan(0);
    }
  });

  it('names the offending field in a 400', async () => {
    const response = await notification
      .http()
      .post('/api/v1/customers')
      .auth(admin, { type: 'bearer' })
      .send({ name: 'Bad', contacts: [{ name: 'No Email', email: 'not-an-email' }] })
      .expect(400);
    expect(response.body.message).toEqual(['contacts.0.email must be an email']);
  });

  it('reports health with database and Kafka, and serves metrics and OpenAPI', async () => {
    for (const service of [registry, notification]) {
      const health = await service.http().get('/health').expect(200);
      expect(health.body.info).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' } });
      expect((await service.http().get('/metrics').expect(200)).text).toContain('# TYPE forewarn_events_published_total counter');
      expect((await service.http().get('/openapi.json').expect(200)).body.openapi).toMatch(/^3\./);
    }
  });

  it('counts what it did in its own /metrics, apart from the other service in the same process', async () => {
    const registryMetrics = (await registry.http().get('/metrics').expect(200)).text;
    const notificationMetrics = (await notification.http().get('/metrics').expect(200)).text;
    const announced = /forewarn_events_published_total\{type="com\.forewarn\.subprocessor\.change\.announced\.v1"[^}]*\} [1-9]/;
    const emailsSent = /forewarn_emails_total\{template="subprocessor-change-announced",outcome="sent"[^}]*\} [1-9]/;
    const deadLettered = /forewarn_events_consumed_total\{type="unknown",outcome="dead_lettered"[^}]*\} [1-9]/;

    expect(registryMetrics).toMatch(announced);
    expect(notificationMetrics).toMatch(emailsSent);
    expect(notificationMetrics).toMatch(deadLettered);
    // The job topics' lag: zero once the last chunk's offsets are committed, just after its emails went out.
    await eventually('forewarn_emails_waiting at 0', async () => (await notification.http().get('/metrics')).text, (text) => /forewarn_emails_waiting\{[^}]*\} 0/.test(text));
    // Each count is in the /metrics of the service that made it, and only there.
    expect(notificationMetrics).not.toMatch(announced);
    expect(registryMetrics).not.toMatch(emailsSent);
    expect(registryMetrics).not.toMatch(deadLettered);
    const services = (text: string) => new Set([...text.matchAll(/service="([^"]+)"/g)].map((m) => m[1]));
    expect(services(registryMetrics)).toEqual(new Set(['subprocessor-registry']));
    expect(services(notificationMetrics)).toEqual(new Set(['customer-notification']));
  });

  it('has no test clock when FOREWARN_TEST_CLOCK is off', async () => {
    const breach = await stack.start('breach-response', BreachConfig, (c) => BreachModule.register(c), breachDescription, {
      FOREWARN_TEST_CLOCK: '0',
    });
    await breach.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(404);
    await breach.http().get('/health').expect(200);
  });
});
