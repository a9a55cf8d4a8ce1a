import { NotificationConfig } from '../apps/customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../apps/customer-notification/src/notification.module';
import { RegistryConfig } from '../apps/subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../apps/subprocessor-registry/src/registry.module';
import { emailsTo, eventually, RunningService, TestStack } from './support/test-stack';

const DAY = 24 * 3600 * 1000;

interface Authorisation {
  customerId: string;
  customerName: string;
  state: string;
  objection?: string;
  decision?: { outcome: string; reason: string; by: string };
}

/**
 * Specific prior authorisation through the real stack: customers under it are asked for their
 * approval by email, answer through their signed links, and the change waits at its date until
 * each has approved or compliance has recorded a decision for it.
 */
describe('specific authorisation of a change (registry + notification, real Kafka, FerretDB, SES emulator)', () => {
  const stack = new TestStack();
  let registry: RunningService;
  let notification: RunningService;
  let compliance: string;
  const address = (who: string) => `${who}.${stack.runId}@specific.example`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription);
    registry = await stack.start('subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription);
    compliance = await stack.token(['compliance']);
    const admin = await stack.token(['admin']);
    for (const [who, authorisation] of [['acme', 'specific'], ['beta', 'specific'], ['delta', 'specific'], ['gamma', undefined]] as const) await addCustomer(admin, who, authorisation);
  });

  const addCustomer = async (admin: string, who: string, authorisation?: 'specific') => {
    const created = await notification
      .http()
      .post('/api/v1/customers')
      .auth(admin, { type: 'bearer' })
      .send({ name: `${who} ${stack.runId}`, contacts: [{ name: `${who} dpo`, email: address(who) }], ...(authorisation ? { terms: { noticePeriodDays: 30, authorisation } } : {}) })
      .expect(201);
    ids[who] = created.body.id;
  };

  afterAll(() => stack.stop());

  const registryAs = (path: string) => registry.http().post(path).auth(compliance, { type: 'bearer' });
  const changeOf = async (changeId: string) => (await registry.http().get(`/api/v1/changes/${changeId}`).auth(compliance, { type: 'bearer' }).expect(200)).body;
  const stateOf = (change: { authorisations?: Authorisation[] }, who: string) => change.authorisations?.find((a) => a.customerId === ids[who])?.state;
  const noticeLinkIn = (text: string) => new URL(/https?:\/\/\S+\/n\/[A-Za-z0-9_.-]+/.exec(text)![0]).pathname;

  it('asks the customers under specific authorisation by email (and one who joins later), reminds those still awaited, and holds the change at its date until each approved or was decided', async () => {
    const subprocessor = await registryAs('/api/v1/subprocessors')
      .send({ name: `Specific Host ${stack.runId}`, category: 'Data hosting services', purpose: 'Hosting', dataCategories: ['account data'], locations: ['GB'], dpaSignedAt: '2026-01-05T00:00:00Z' })
      .expect(201);
    const now = new Date((await registry.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200)).body.now).getTime();
    const draft = await registryAs('/api/v1/changes').send({ kind: 'addition', subprocessorId: subprocessor.body.id, effectiveAt: new Date(now + 31 * DAY).toISOString(), summary: 'A new host.' }).expect(201);
    const changeId = draft.body.id as string;
    await registryAs(`/api/v1/changes/${changeId}/announce`).expect(200);
    // Asked at announcement, or as soon as their terms reach the registry.
    const asked = await eventually('the specific customers asked', () => changeOf(changeId), (c) => ['acme', 'beta', 'delta'].every((who) => stateOf(c, who) === 'pending'));
    expect(asked.authorisations).toHaveLength(3);

    const emails = await eventually('the four notices sent', () => emailsTo(['acme', 'beta', 'delta', 'gamma'].map(address)), (e) => e.length === 4);
    const to = (who: string) => emails.find((e) => e.destination.to.includes(address(who)))!;
    expect(to('acme').subject).toMatch(/^Your approval is needed: Notice of a subprocessor change/);
    expect(to('acme').body.text).toContain('YOUR APPROVAL IS NEEDED');
    expect(to('gamma').subject).toMatch(/^Notice of a subprocessor change/);
    expect(to('gamma').body.text).not.toContain('YOUR APPROVAL IS NEEDED');

    // Acme approves through its link; Beta objects through its own.
    const acmePage = await notification.http().get(noticeLinkIn(to('acme').body.text!)).expect(200);
    expect(acmePage.text).toContain('Approve this change for');
    const approved = await notification.http().post(`${noticeLinkIn(to('acme').body.text!)}/approval`).set('accept', 'application/json').expect(201);
    expect(approved.body.status).toBe('approved');
    await notification.http().post(`${noticeLinkIn(to('acme').body.text!)}/approval`).set('accept', 'application/json').expect(200);
    await notification.http().post(`${noticeLinkIn(to('gamma').body.text!)}/approval`).set('accept', 'application/json').expect(409);
    await notification.http().post(`${noticeLinkIn(to('beta').body.text!)}/objection`).send({ reason: 'Not this host, please.' }).expect(201);
    const answered = await eventually('the answers on the change', () => changeOf(changeId), (c) => stateOf(c, 'acme') === 'approved' && stateOf(c, 'beta') === 'objected');
    expect(answered.authorisations.find((a: Authorisation) => a.customerId === ids.beta).objection).toBe('Not this host, please.');

    // A customer under specific authorisation who joins now is asked too.
    await addCustomer(await stack.token(['admin']), 'late', 'specific');
    const [late] = await eventually('the late customer notified', () => emailsTo([address('late')]), (e) => e.length === 1);
    expect(late.subject).toMatch(/^Your approval is needed: /);
    await eventually('the late customer asked', () => changeOf(changeId), (c) => stateOf(c, 'late') === 'pending');
    await notification.http().post(`${noticeLinkIn(late.body.text!)}/approval`).set('accept', 'application/json').expect(201);

    // A week before its date, the reminder asks again only whom the registry still awaits.
    await registry.http().post('/internal/test-clock').send({ advanceMs: 24 * DAY + 3600_000 }).expect(200);
    const reminders = await eventually('the reminders sent', () => emailsTo(['acme', 'delta'].map(address)), (e) => e.filter((m) => m.subject.includes('Reminder')).length === 2);
    const reminderTo = (who: string) => reminders.find((e) => e.subject.includes('Reminder') && e.destination.to.includes(address(who)))!;
    expect(reminderTo('delta').subject).toMatch(/^Your approval is still needed: Reminder/);
    expect(reminderTo('acme').subject).toMatch(/^Reminder/);

    // Its date comes: Beta's objection and Delta's silence hold it.
    await registry.http().post('/internal/test-clock').send({ advanceMs: 8 * DAY }).expect(200);
    const held = await eventually('the change held at its date', () => changeOf(changeId), (c) => !!c.heldSince);
    expect(held.status).toBe('announced');
    expect(held.history.at(-1)).toMatchObject({ action: 'held', reason: expect.stringContaining(`beta ${stack.runId} (objected), delta ${stack.runId} (pending)`) });
    await registryAs(`/api/v1/changes/${changeId}/authorisations/${ids.delta}/decision`).send({ outcome: 'approved-in-writing', reason: 'Signed approval received by post.' }).expect(200);
    expect((await changeOf(changeId)).status).toBe('announced'); // Beta still holds it

    await registryAs(`/api/v1/changes/${changeId}/authorisations/no-such-customer/decision`).send({ outcome: 'data-excluded', reason: 'x' }).expect(404);
    await registryAs(`/api/v1/changes/${changeId}/authorisations/${ids.acme}/decision`).send({ outcome: 'data-excluded', reason: 'x' }).expect(409);
    await registryAs(`/api/v1/changes/${changeId}/authorisations/${ids.beta}/decision`).send({ outcome: 'maybe', reason: '' }).expect(400);
    const decided = await registryAs(`/api/v1/changes/${changeId}/authorisations/${ids.beta}/decision`)
      .send({ outcome: 'data-excluded', reason: "Beta's data stays on the current host." })
      .expect(200);
    expect(decided.body.authorisations.find((a: Authorisation) => a.customerId === ids.beta)).toMatchObject({
      state: 'decided',
      decision: { outcome: 'data-excluded', reason: "Beta's data stays on the current host.", by: 'user:tester' },
    });
    const effective = await eventually('the change in effect once nobody is awaited', () => changeOf(changeId), (c) => c.status === 'effective');
    expect(effective.history.map((h: { action: string }) => h.action)).toEqual(['drafted', 'announced', 'held', 'effective']);
    expect(effective.authorisations.map((a: Authorisation) => [a.customerName.split(' ')[0], a.state])).toEqual([
      ['acme', 'approved'],
      ['beta', 'decided'],
      ['delta', 'decided'],
      ['late', 'approved'],
    ]);
    const auditor = await stack.token(['auditor']);
    const trail = (await registry.http().get(`/api/v1/audit?entityId=${changeId}`).auth(auditor, { type: 'bearer' }).expect(200)).body as { action: string; changes?: { reason?: string } }[];
    expect(trail.find((e) => e.action === 'change.authorisation-decided')?.changes?.reason).toBe("Beta's data stays on the current host.");
  });

  it('settles a deactivated customer, and lets compliance call off a change held for want of approvals', async () => {
    const subprocessor = await registryAs('/api/v1/subprocessors')
      .send({ name: `Held Host ${stack.runId}`, category: 'Data hosting services', purpose: 'Hosting', dataCategories: ['account data'], locations: ['GB'], dpaSignedAt: '2026-01-05T00:00:00Z' })
      .expect(201);
    const now = new Date((await registry.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200)).body.now).getTime();
    const draft = await registryAs('/api/v1/changes').send({ kind: 'addition', subprocessorId: subprocessor.body.id, effectiveAt: new Date(now + 31 * DAY).toISOString(), summary: 'Another host.' }).expect(201);
    const changeId = draft.body.id as string;
    await registryAs(`/api/v1/changes/${changeId}/announce`).expect(200);
    await registry.http().post('/internal/test-clock').send({ advanceMs: 32 * DAY }).expect(200);
    await eventually('the change held at its date', () => changeOf(changeId), (c) => !!c.heldSince);
    // A customer under specific authorisation that is no longer served does not hold it back.
    await notification.http().patch(`/api/v1/customers/${ids.delta}`).auth(await stack.token(['admin']), { type: 'bearer' }).send({ status: 'inactive' }).expect(200);
    const settled = await eventually('the deactivated customer settled', () => changeOf(changeId), (c) => stateOf(c, 'delta') === 'decided');
    expect(settled.authorisations.find((a: Authorisation) => a.customerId === ids.delta).decision).toMatchObject({ outcome: 'contract-terminated', by: 'system:subprocessor-registry' });
    const cancelled = await registryAs(`/api/v1/changes/${changeId}/cancel`).send({ reason: 'Customers would not approve it.' }).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
  });
});
