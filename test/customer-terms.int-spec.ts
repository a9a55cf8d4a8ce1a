import { NotificationConfig } from '../apps/customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../apps/customer-notification/src/notification.module';
import { RegistryConfig } from '../apps/subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../apps/subprocessor-registry/src/registry.module';
import { eventually, RunningService, TestStack } from './support/test-stack';

const DAY = 24 * 3600 * 1000;

interface ProofContact {
  email: string;
  status: string;
  noticePeriodDays: number;
  late: boolean;
}

/**
 * Customers' own terms through the real stack: the notification service owns them and tells the
 * registry on `customer.terms.v1`; the registry's announcements and reschedules hold the longest
 * notice period a customer served asks, and proof of notice judges each contact by its customer's.
 */
describe("customers' own notice periods (registry + notification, real Kafka, FerretDB, SES emulator)", () => {
  const stack = new TestStack();
  let registry: RunningService;
  let notification: RunningService;
  let admin: string;
  let compliance: string;
  const address = (who: string) => `${who}.${stack.runId}@terms.example`;

  beforeAll(async () => {
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription);
    registry = await stack.start('subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription);
    [admin, compliance] = await Promise.all([stack.token(['admin']), stack.token(['compliance'])]);
  });

  afterAll(() => stack.stop());

  const asCompliance = (service: RunningService) => ({
    get: (path: string) => service.http().get(path).auth(compliance, { type: 'bearer' }),
    post: (path: string) => service.http().post(path).auth(compliance, { type: 'bearer' }),
    put: (path: string) => service.http().put(path).auth(compliance, { type: 'bearer' }),
  });
  const createCustomer = (name: string, who: string, terms?: object) =>
    notification.http().post('/api/v1/customers').auth(admin, { type: 'bearer' }).send({ name, contacts: [{ name: who, email: address(who) }], ...(terms ? { terms } : {}) }).expect(201);
  const nowAt = async (service: RunningService) => new Date((await service.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200)).body.now).getTime();
  const noticePeriod = () => asCompliance(registry).get('/api/v1/changes/notice-period').expect(200);

  let changeId: string;
  let globex: string;

  it('sets a 90-day customer\'s terms, keeps their history, and refuses terms under the legal minimum', async () => {
    await createCustomer(`Standard Co ${stack.runId}`, 'standard');
    const created = await createCustomer(`Globex ${stack.runId}`, 'globex', { noticePeriodDays: 60, authorisation: 'general' });
    globex = created.body.id;
    const changed = await asCompliance(notification).put(`/api/v1/customers/${globex}/terms`).send({ noticePeriodDays: 90, authorisation: 'general' }).expect(200);
    expect(changed.body.terms).toMatchObject({ noticePeriodDays: 90, authorisation: 'general', changedBy: 'user:tester' });
    expect(changed.body.termsHistory.map((t: { noticePeriodDays: number }) => t.noticePeriodDays)).toEqual([60, 90]);
    const refused = await asCompliance(notification).put(`/api/v1/customers/${globex}/terms`).send({ noticePeriodDays: 29, authorisation: 'sometimes' }).expect(400);
    expect(refused.body.message.join(' ')).toMatch(/noticePeriodDays[\s\S]*authorisation/);
    const auditor = await stack.token(['auditor']);
    const trail = await notification.http().get(`/api/v1/audit?entityId=${globex}`).auth(auditor, { type: 'bearer' }).expect(200);
    expect(trail.body.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['customer.created', 'customer.terms-changed']));
  });

  it('announces no sooner than the 90 days the customer asks, and the 422 says whose terms set it', async () => {
    const told = await eventually('the registry owes 90 days', async () => (await noticePeriod()).body, (p) => p.noticePeriodDays === 90);
    expect(told.customerTerms).toEqual({ longestDays: 90, setBy: [globex], setByCount: 1, periods: [{ noticePeriodDays: 90, customers: 1 }] });

    const subprocessor = await asCompliance(registry)
      .post('/api/v1/subprocessors')
      .send({ name: `Terms Host ${stack.runId}`, category: 'Data hosting services', purpose: 'Hosting', dataCategories: ['account data'], locations: ['GB'], dpaSignedAt: '2026-01-05T00:00:00Z' })
      .expect(201);
    const now = await nowAt(registry);
    const draft = { kind: 'addition', subprocessorId: subprocessor.body.id, summary: 'A new host.' };
    const tooSoon = await asCompliance(registry).post('/api/v1/changes').send({ ...draft, effectiveAt: new Date(now + 31 * DAY).toISOString() }).expect(422);
    expect(tooSoon.body).toMatchObject({ noticePeriodDays: 90, customerTerms: { setBy: [globex], setByCount: 1 } });
    expect(tooSoon.body.message).toContain(`at least 90 days after the announcement (the terms of customer ${globex} ask for it)`);
    expect(new Date(tooSoon.body.earliestEffectiveAt).getTime()).toBeGreaterThanOrEqual(now + 90 * DAY);

    const drafted = await asCompliance(registry).post('/api/v1/changes').send({ ...draft, effectiveAt: new Date(now + 95 * DAY).toISOString() }).expect(201);
    changeId = drafted.body.id;
    const announced = await asCompliance(registry).post(`/api/v1/changes/${changeId}/announce`).expect(200);
    const change = (await asCompliance(registry).get(`/api/v1/changes/${changeId}`).expect(200)).body;
    expect(announced.body.status).toBe('announced');
    expect(change).toMatchObject({ noticePeriodDays: 90, standardNoticePeriodDays: 30, noticePeriodTerms: { setBy: [globex] } });

    const earlier = await asCompliance(registry).post(`/api/v1/changes/${changeId}/reschedule`).send({ effectiveAt: new Date(now + 80 * DAY).toISOString() }).expect(422);
    expect(earlier.body.customerTerms.setBy).toEqual([globex]);
  });

  it("judges each contact's notice by its own customer's period in the proof of notice", async () => {
    const proofOf = async () => (await asCompliance(notification).get(`/api/v1/proof-of-notice/${changeId}`).expect(200)).body.contacts as ProofContact[];
    await eventually('the two customers told', proofOf, (rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'));
    // 60 days on, 35 days before the change: enough for the standard 30, not for a 60-day customer.
    await notification.http().post('/internal/test-clock').send({ advanceMs: 60 * DAY }).expect(200);
    await createCustomer(`Late Standard ${stack.runId}`, 'late-standard');
    await createCustomer(`Late Sixty ${stack.runId}`, 'late-sixty', { noticePeriodDays: 60, authorisation: 'general' });
    const rows = await eventually('the two new customers told', proofOf, (r) => r.length === 4 && r.every((c) => c.status === 'sent'));
    const byEmail = Object.fromEntries(rows.map((r) => [r.email, { noticePeriodDays: r.noticePeriodDays, late: r.late }]));
    expect(byEmail).toEqual({
      [address('standard')]: { noticePeriodDays: 30, late: false },
      [address('globex')]: { noticePeriodDays: 90, late: false },
      [address('late-standard')]: { noticePeriodDays: 30, late: false },
      [address('late-sixty')]: { noticePeriodDays: 60, late: true },
    });
    const csv = (await asCompliance(notification).get(`/api/v1/proof-of-notice/${changeId}?format=csv`).expect(200)).text;
    expect(csv.split('\r\n')[0]).toMatch(/,noticePeriodDays,late,channel,endpointUrl,webhookAttempts$/);
  });

  it('stops holding a customer\'s terms once it is no longer served', async () => {
    await notification.http().patch(`/api/v1/customers/${globex}`).auth(admin, { type: 'bearer' }).send({ status: 'inactive' }).expect(200);
    const now = await eventually('the registry owes the longest remaining terms', async () => (await noticePeriod()).body, (p) => p.noticePeriodDays === 60);
    expect(now.customerTerms.setByCount).toBe(1);
  });
});
