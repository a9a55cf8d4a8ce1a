import { CustomerObjectionEventTypes, SubprocessorChangeEventTypes as Types } from '@forewarn/contracts';
import { eventually, RunningService, TestStack } from '../../../test/support/test-stack';
import { ChangeEventLog, clockOf, DAY, moveClockTo, publishObjectionEvent, startRegistry } from './registry-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A change's whole life through the real Kafka and FerretDB, with the test clock: announce,
 * reminder, effective (across a restart), reschedule, cancel, two replicas, objections.
 */
describe('subprocessor change lifecycle (real Kafka + FerretDB, test clock)', () => {
  const stack = new TestStack();
  const log = new ChangeEventLog(stack);
  let registry: RunningService;
  let compliance: string;
  let admin: string;

  beforeAll(async () => {
    [registry, compliance, admin] = await Promise.all([startRegistry(stack), stack.token(['compliance']), stack.token(['admin'])]);
    await log.start();
  });

  afterAll(async () => {
    await log.stop();
    await stack.stop();
  });

  const auth = (token: string) => ['Authorization', `Bearer ${token}`] as const;

  async function register(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await registry
      .http()
      .post('/api/v1/subprocessors')
      .set(...auth(compliance))
      .send({ name, category: 'Data hosting services', purpose: 'Backups', dataCategories: ['account data'], locations: ['GB'], dpaSignedAt: '2026-01-01T00:00:00Z', ...extra })
      .expect(201);
    return response.body.id;
  }

  async function announced(body: Record<string, unknown>, effectiveAt: Date): Promise<string> {
    const draft = await registry
      .http()
      .post('/api/v1/changes')
      .set(...auth(compliance))
      .send({ summary: `Change ${String(body.kind)}`, ...body, effectiveAt: effectiveAt.toISOString() })
      .expect(201);
    await registry.http().post(`/api/v1/changes/${draft.body.id}/announce`).set(...auth(compliance)).expect(200);
    return draft.body.id;
  }

  const change = async (id: string) => (await registry.http().get(`/api/v1/changes/${id}`).set(...auth(compliance)).expect(200)).body;
  const subprocessor = async (id: string) => (await registry.http().get(`/api/v1/subprocessors/${id}`).set(...auth(compliance)).expect(200)).body;
  const publicList = async (query = '') => (await registry.http().get(`/subprocessors.json${query}`).expect(200)).body;
  const feed = async () => (await registry.http().get('/subprocessors/feed.atom').expect(200)).text;

  it('announce → reminder-due → effective, across a restart: records, public list and feed follow', async () => {
    const id = await register(`Vault ${stack.runId}`);
    const start = await clockOf(registry);
    const effectiveAt = new Date(start.getTime() + 31 * DAY);
    const changeId = await announced({ kind: 'addition', subprocessorId: id }, effectiveAt);

    const listed = await publicList();
    expect(listed.upcomingChanges).toEqual([expect.objectContaining({ id: changeId, effectiveAt: effectiveAt.toISOString() })]);
    expect(listed.subprocessors.map((s: { id: string }) => s.id)).not.toContain(id);
    const announcedVersion = listed.version as number;
    expect(announcedVersion).toBeGreaterThanOrEqual(1);
    expect(await feed()).toContain(`Announced: addition of Vault ${stack.runId}`);
    expect((await eventually('the announced event', async () => log.of(changeId, Types.announced), (e) => e.length === 1)).length).toBe(1);

    // Seven days before: one reminder, none before.
    await moveClockTo(registry, new Date(effectiveAt.getTime() - 7 * DAY - MINUTE));
    await log.settled(registry);
    expect(log.of(changeId, Types.reminderDue)).toHaveLength(0);
    await moveClockTo(registry, new Date(effectiveAt.getTime() - 7 * DAY + MINUTE));
    const reminders = await eventually('a reminder-due event', async () => log.of(changeId, Types.reminderDue), (e) => e.length >= 1);
    expect(reminders.map((e) => e.data.daysBefore)).toEqual([7]);

    // The registry stops and comes back on the same databases; its timers are still there.
    await stack.stopService(registry);
    registry = await startRegistry(stack);
    expect((await change(changeId)).status).toBe('announced');
    await moveClockTo(registry, new Date(effectiveAt.getTime() + MINUTE));

    const effective = await eventually('the effective event', async () => log.of(changeId, Types.effective), (e) => e.length >= 1);
    expect(effective).toHaveLength(1);
    expect(effective[0].data).toMatchObject({ changeId, kind: 'addition', effectiveAt: effectiveAt.toISOString() });
    expect(await change(changeId)).toMatchObject({ status: 'effective', history: expect.arrayContaining([expect.objectContaining({ action: 'effective' })]) });
    const record = await subprocessor(id);
    expect(record.status).toBe('active');
    expect(record.history.map((h: { status: string }) => h.status)).toEqual(['pending', 'active']);

    const now = await publicList();
    expect(now.subprocessors.map((s: { id: string }) => s.id)).toContain(id);
    expect(now.upcomingChanges).toEqual([]);
    expect(now.version).toBeGreaterThan(announcedVersion);
    expect(await feed()).toContain(`Now in effect: addition of Vault ${stack.runId}`);
    // The version made by the announcement still shows the list as it stood then.
    const then = await publicList(`?version=${announcedVersion}`);
    expect(then.subprocessors.map((s: { id: string }) => s.id)).not.toContain(id);
    expect(then.upcomingChanges.map((c: { id: string }) => c.id)).toEqual([changeId]);
    expect(log.of(changeId, Types.reminderDue)).toHaveLength(1);
  });

  it('refuses a reschedule inside the notice period, accepts a later one, and moves the timers', async () => {
    const id = await register(`Mover ${stack.runId}`);
    const start = await clockOf(registry);
    const first = new Date(start.getTime() + 31 * DAY);
    const changeId = await announced({ kind: 'addition', subprocessorId: id }, first);

    const refused = await registry
      .http()
      .post(`/api/v1/changes/${changeId}/reschedule`)
      .set(...auth(compliance))
      .send({ effectiveAt: new Date(start.getTime() + 20 * DAY).toISOString() })
      .expect(422);
    expect(refused.body.message).toMatch(/at least 30 days/);
    expect(new Date(refused.body.earliestEffectiveAt).getTime()).toBeGreaterThanOrEqual(start.getTime() + 30 * DAY);

    const later = new Date(start.getTime() + 45 * DAY);
    const moved = await registry
      .http()
      .post(`/api/v1/changes/${changeId}/reschedule`)
      .set(...auth(compliance))
      .send({ effectiveAt: later.toISOString(), reason: 'The data centre opens later.' })
      .expect(200);
    expect(moved.body).toMatchObject({ status: 'announced', effectiveAt: later.toISOString() });
    const rescheduled = await eventually('the rescheduled event', async () => log.of(changeId, Types.rescheduled), (e) => e.length >= 1);
    expect(rescheduled[0].data).toMatchObject({ previousEffectiveAt: first.toISOString(), effectiveAt: later.toISOString(), reason: 'The data centre opens later.' });
    expect(await feed()).toContain(`Rescheduled: addition of Mover ${stack.runId}`);

    // The old date passes without effect or reminder at the old time.
    await moveClockTo(registry, new Date(first.getTime() + MINUTE));
    await log.settled(registry);
    expect((await change(changeId)).status).toBe('announced');
    expect(log.of(changeId, Types.effective)).toHaveLength(0);
    expect(log.of(changeId, Types.reminderDue)).toHaveLength(0);
    // Day 38 (45 - 7): the reminder for the new date; then the new date itself.
    await moveClockTo(registry, new Date(later.getTime() - 7 * DAY + MINUTE));
    await eventually('a reminder-due event at the new date', async () => log.of(changeId, Types.reminderDue), (e) => e.length >= 1);
    await moveClockTo(registry, new Date(later.getTime() + MINUTE));
    const effective = await eventually('the effective event at the new date', async () => log.of(changeId, Types.effective), (e) => e.length >= 1);
    expect(effective).toHaveLength(1);
    expect(log.of(changeId, Types.reminderDue).map((e) => e.data.effectiveAt)).toEqual([later.toISOString()]);
    expect((await subprocessor(id)).status).toBe('active');
  });

  it('cancel → cancelled event, the change never takes effect, and a retiring subprocessor is back in force', async () => {
    const imported = await registry
      .http()
      .post('/api/v1/subprocessors/import')
      .set(...auth(admin))
      .send([{ name: `Old Host ${stack.runId}`, category: 'Data hosting services', purpose: 'Hosting', dataCategories: ['all'], locations: ['GB'] }])
      .expect(201);
    expect(imported.body.created).toHaveLength(1);
    const old = (await publicList()).subprocessors.find((s: { name: string }) => s.name === `Old Host ${stack.runId}`);
    expect(old).toBeDefined();
    const start = await clockOf(registry);
    const effectiveAt = new Date(start.getTime() + 30 * DAY + MINUTE);
    const changeId = await announced({ kind: 'removal', subprocessorId: old.id }, effectiveAt);
    expect((await subprocessor(old.id)).status).toBe('retiring');

    await registry.http().post(`/api/v1/changes/${changeId}/cancel`).set(...auth(compliance)).send({}).expect(400);
    const cancelled = await registry
      .http()
      .post(`/api/v1/changes/${changeId}/cancel`)
      .set(...auth(compliance))
      .send({ reason: 'We keep the old host after all.' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'We keep the old host after all.' });
    const events = await eventually('the cancelled event', async () => log.of(changeId, Types.cancelled), (e) => e.length >= 1);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ changeId, reason: 'We keep the old host after all.' });
    expect((await subprocessor(old.id)).status).toBe('active');
    expect((await publicList()).upcomingChanges.map((c: { id: string }) => c.id)).not.toContain(changeId);
    expect(await feed()).toContain(`Cancelled: removal of Old Host ${stack.runId}`);
    await registry.http().post(`/api/v1/changes/${changeId}/cancel`).set(...auth(compliance)).send({ reason: 'again' }).expect(409);

    await moveClockTo(registry, new Date(effectiveAt.getTime() + DAY));
    await log.settled(registry);
    expect((await change(changeId)).status).toBe('cancelled');
    expect(log.of(changeId, Types.effective)).toHaveLength(0);
    expect(log.of(changeId, Types.reminderDue)).toHaveLength(0);
    expect((await subprocessor(old.id)).status).toBe('active');
  });

  it('applies an update’s new values to the record at its effective date, not before', async () => {
    const name = `Growing Host ${stack.runId}`;
    await registry
      .http()
      .post('/api/v1/subprocessors/import')
      .set(...auth(admin))
      .send([{ name, category: 'Data hosting services', purpose: 'Hosting', dataCategories: ['all'], locations: ['GB'], transferMechanism: 'none-needed' }])
      .expect(201);
    const id = (await publicList()).subprocessors.find((s: { name: string }) => s.name === name).id;
    const proposed = { locations: ['GB', 'DE'], transferMechanism: 'uk-adequacy', purpose: 'Hosting, with a failover site in Frankfurt' };
    await registry
      .http()
      .post('/api/v1/changes')
      .set(...auth(compliance))
      .send({ kind: 'update', subprocessorId: id, effectiveAt: new Date().toISOString(), summary: 'x' })
      .expect((r) => expect([400, 422]).toContain(r.status));
    const effectiveAt = new Date((await clockOf(registry)).getTime() + 30 * DAY + MINUTE);
    const changeId = await announced({ kind: 'update', subprocessorId: id, proposed }, effectiveAt);
    expect((await publicList()).upcomingChanges.find((c: { id: string }) => c.id === changeId)).toMatchObject({ proposed });
    expect(await subprocessor(id)).toMatchObject({ locations: ['GB'], status: 'active' });

    await moveClockTo(registry, new Date(effectiveAt.getTime() + MINUTE));
    await eventually("the update's effective event", async () => log.of(changeId, Types.effective), (e) => e.length >= 1);
    expect(log.of(changeId, Types.effective)[0].data).toMatchObject({ proposed });
    expect(await subprocessor(id)).toMatchObject({ ...proposed, status: 'active' });
    expect((await publicList()).subprocessors.find((s: { id: string }) => s.id === id)).toMatchObject(proposed);
  });

  it('two replicas at once fire each timer exactly once', async () => {
    // The write queue is per process: on FerretDB two replicas writing one document can still lose
    // an update, and a relay's sweep would pop a change the other replica is writing. The sweeps
    // are idle here (each write relays its own events), so only the timers' claims, which are
    // inserts, decide between the replicas, and the clock steps one moment at a time.
    const idleSweeps = { OUTBOX_SWEEP_INTERVAL_MS: String(HOUR), AUDIT_SWEEP_INTERVAL_MS: String(HOUR) };
    await stack.stopService(registry);
    let second: RunningService;
    [registry, second] = await Promise.all([startRegistry(stack, idleSweeps), startRegistry(stack, idleSweeps)]);
    const start = await clockOf(registry);
    const effectiveAt = new Date(start.getTime() + 31 * DAY);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await announced({ kind: 'addition', subprocessorId: await register(`Twin ${i} ${stack.runId}`) }, effectiveAt));

    // Both replicas see the reminders come due, then the effective dates.
    for (const at of [new Date(effectiveAt.getTime() - 7 * DAY + MINUTE), new Date(effectiveAt.getTime() + MINUTE)]) {
      await Promise.all([moveClockTo(registry, at), moveClockTo(second, at)]);
    }
    await eventually('an effective event for every change', async () => ids.map((id) => log.of(id, Types.effective).length), (n) => n.every((c) => c >= 1));
    await log.settled(registry, second); // a duplicate from either replica would be in the log by now
    for (const id of ids) {
      expect({ id, reminders: log.of(id, Types.reminderDue).length, effective: log.of(id, Types.effective).length }).toEqual({ id, reminders: 1, effective: 1 });
    }
    await stack.stopService(second);
  });

  it('shows an objection from the topic on its change, counts it, and lets compliance resolve it', async () => {
    const start = await clockOf(registry);
    const changeId = await announced({ kind: 'addition', subprocessorId: await register(`Objected ${stack.runId}`) }, new Date(start.getTime() + 40 * DAY));
    const objection = {
      objectionId: `obj-${stack.runId}`,
      changeId,
      customerId: 'cust-1',
      customerName: 'Northwind Traders Ltd',
      contactId: 'contact-1',
      contactEmail: 'dpo@northwind.example',
      reason: 'We need our data to stay with our current host.',
      receivedAt: start.toISOString(),
    };
    await publishObjectionEvent(stack, CustomerObjectionEventTypes.received, objection);
    await publishObjectionEvent(stack, CustomerObjectionEventTypes.received, { ...objection, objectionId: `obj2-${stack.runId}`, contactId: 'contact-2' });
    await publishObjectionEvent(stack, CustomerObjectionEventTypes.withdrawn, {
      objectionId: `obj2-${stack.runId}`,
      changeId,
      customerId: 'cust-1',
      customerName: 'Northwind Traders Ltd',
      contactId: 'contact-2',
      withdrawnAt: start.toISOString(),
    });

    const seen = await eventually(
      'both objections on the change, one withdrawn',
      () => change(changeId),
      (c) => c.objections.length === 2 && c.objections.some((o: { status: string }) => o.status === 'withdrawn'),
    );
    expect(seen.objectionCount).toEqual({ total: 2, open: 1, resolved: 0, withdrawn: 1 });
    expect(seen.objections).toContainEqual(
      expect.objectContaining({ id: objection.objectionId, customerName: 'Northwind Traders Ltd', contactEmail: 'dpo@northwind.example', reason: objection.reason, status: 'open' }),
    );

    const path = `/api/v1/changes/${changeId}/objections/${objection.objectionId}/resolve`;
    await registry.http().post(path).set(...auth(admin.replace(/./g, 'x'))).send({ note: 'x' }).expect(401);
    const readOnly = await stack.token(['auditor']);
    await registry.http().post(path).set(...auth(readOnly)).send({ note: 'x' }).expect(403);
    await registry.http().post(path).set(...auth(compliance)).send({ note: '' }).expect(400);
    const resolved = await registry.http().post(path).set(...auth(compliance)).send({ note: 'Explained: UK only.' }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolutionNote: 'Explained: UK only.', resolvedBy: 'user:tester' });
    await registry.http().post(path).set(...auth(compliance)).send({ note: 'again' }).expect(409);
    await registry.http().post(`/api/v1/changes/${changeId}/objections/nope/resolve`).set(...auth(compliance)).send({ note: 'x' }).expect(404);
    expect((await change(changeId)).objectionCount).toEqual({ total: 2, open: 0, resolved: 1, withdrawn: 1 });
    // Objections do not block: the change is still announced and on the public list.
    expect((await change(changeId)).status).toBe('announced');

    const audit = await registry.http().get('/api/v1/audit').set(...auth(readOnly)).expect(200);
    const actions = audit.body.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['objection.received', 'objection.resolved', 'change.announced', 'subprocessor.registered']));
  });
});
