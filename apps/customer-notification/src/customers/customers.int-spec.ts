import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { eventually, RunningService, TestStack } from '../../../../test/support/test-stack';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { Customer } from './customer.schema';
import { DirectoryEvents } from './directory-events';
import type { Recipient } from './recipient';

/** The customer directory through the real service and FerretDB. */
describe('customer directory (real FerretDB)', () => {
  const stack = new TestStack();
  let notification: RunningService;
  let admin: string;
  let auditor: string;
  const joined: Recipient[][] = [];
  const at = (domain: string) => `${domain}-${stack.runId}.example`;

  const startNotification = async () => {
    const started = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription);
    started.app.get(DirectoryEvents).onContactsAdded(async (recipients) => {
      joined.push(recipients);
    });
    return started;
  };

  beforeAll(async () => {
    notification = await startNotification();
    [admin, auditor] = await Promise.all([stack.token(['admin']), stack.token(['auditor'])]);
  });

  afterAll(() => stack.stop());

  const post = (path: string, token = admin) => notification.http().post(path).auth(token, { type: 'bearer' });
  const patch = (path: string) => notification.http().patch(path).auth(admin, { type: 'bearer' });
  const get = (path: string) => notification.http().get(path).auth(auditor, { type: 'bearer' });
  const lastJoined = () => joined.splice(0).flat();

  it('creates a customer with normalised addresses, flags the kinds nobody receives, and announces its contacts', async () => {
    const created = await post('/api/v1/customers')
      .send({
        name: '  Acme Trading Ltd ',
        externalId: `acme-${stack.runId}`,
        contacts: [{ name: 'Dana', email: `  Dana.Scully@${at('ACME').toUpperCase()} `, receives: ['subprocessor-changes'] }],
      })
      .expect(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Acme Trading Ltd',
      status: 'active',
      contacts: [{ name: 'Dana', email: `Dana.Scully@${at('acme')}`, receives: ['subprocessor-changes'], active: true }],
      warnings: [{ code: 'no-contact-for-kind', kind: 'breaches', message: 'no active contact receives breach notices' }],
    });
    expect(lastJoined()).toEqual([
      {
        customerId: created.body.id,
        customerName: 'Acme Trading Ltd',
        contactId: created.body.contacts[0].id,
        contactName: 'Dana',
        email: `Dana.Scully@${at('acme')}`,
        receives: ['subprocessor-changes'],
      },
    ]);

    expect((await get(`/api/v1/customers/${created.body.id}`).expect(200)).body).toEqual(created.body);
    const flagged = (await get(`/api/v1/customers?flagged=true&externalId=acme-${stack.runId}`).expect(200)).body;
    expect(flagged.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
  });

  it('refuses a second customer with the same externalId (409) and an address listed twice (422)', async () => {
    const body = { name: 'Globex', externalId: `globex-${stack.runId}`, contacts: [{ name: 'Lee', email: `lee@${at('globex')}` }] };
    await post('/api/v1/customers').send(body).expect(201);
    const conflict = await post('/api/v1/customers').send({ ...body, name: 'Globex again' }).expect(409);
    expect(conflict.body.message).toMatch(/^externalId: /);
    const twice = await post('/api/v1/customers')
      .send({ name: 'Initech', contacts: [{ name: 'A', email: `bob@${at('initech')}` }, { name: 'B', email: `BOB@${at('Initech')}` }] })
      .expect(422);
    expect(twice.body.message).toBe(`contacts.1.email: BOB@${at('initech')} is listed twice`);
    await get('/api/v1/customers/no-such-customer').expect(404);
    const invalid = await post('/api/v1/customers').send({ name: 'Bad', contacts: [{ name: 'X', email: 'ünïcode@example.com' }] }).expect(400);
    expect(invalid.body.message).toEqual(['contacts.0.email must be an email']);
  });

  it('adds, changes and deactivates contacts; deactivates and reactivates customers', async () => {
    const customer = (await post('/api/v1/customers').send({ name: 'Umbrella', contacts: [] }).expect(201)).body;
    expect(customer.warnings.map((w: { kind: string }) => w.kind)).toEqual(['subprocessor-changes', 'breaches']);
    lastJoined();

    const added = await post(`/api/v1/customers/${customer.id}/contacts`).send({ name: 'Alice', email: `alice@${at('umbrella')}` }).expect(201);
    expect(added.body.warnings).toEqual([]);
    const alice = added.body.contacts[0];
    expect(lastJoined().map((r) => r.contactId)).toEqual([alice.id]);
    await post(`/api/v1/customers/${customer.id}/contacts`).send({ name: 'Alice 2', email: `ALICE@${at('umbrella')}` }).expect(409);

    const off = await patch(`/api/v1/customers/${customer.id}/contacts/${alice.id}`).send({ active: false }).expect(200);
    expect(off.body.contacts[0]).toMatchObject({ id: alice.id, active: false });
    expect(off.body.warnings).toHaveLength(2);
    await patch(`/api/v1/customers/${customer.id}/contacts/nobody`).send({ active: false }).expect(404);

    await patch(`/api/v1/customers/${customer.id}/contacts/${alice.id}`).send({ active: true }).expect(200);
    expect(lastJoined().map((r) => r.contactId)).toEqual([alice.id]);

    const inactive = await patch(`/api/v1/customers/${customer.id}`).send({ status: 'inactive', name: 'Umbrella Corp' }).expect(200);
    expect(inactive.body).toMatchObject({ status: 'inactive', name: 'Umbrella Corp', warnings: [] });
    expect(lastJoined()).toEqual([]);
    await patch(`/api/v1/customers/${customer.id}`).send({ status: 'active' }).expect(200);
    expect(lastJoined().map((r) => r.contactId)).toEqual([alice.id]);
    const trail = (await get(`/api/v1/audit?entityType=customer&entityId=${customer.id}`).expect(200)).body;
    expect(trail.map((e: { action: string }) => e.action).reverse()).toEqual([
      'customer.created',
      'customer.contact-added',
      'customer.contact-updated',
      'customer.contact-updated',
      'customer.updated',
      'customer.updated',
    ]);
    await patch(`/api/v1/customers/${customer.id}`).send({ status: 'deleted' }).expect(400);
    await patch(`/api/v1/customers/${customer.id}`).send({ externalId: `globex-${stack.runId}` }).expect(409);
    await patch('/api/v1/customers/nobody').send({ name: 'x' }).expect(404);
    await post(`/api/v1/customers/${customer.id}/contacts`, auditor).send({ name: 'X', email: `x@${at('umbrella')}` }).expect(403);
  });

  it('keeps every one of several concurrent edits of one customer, and lets only one of two racing adds of the same mailbox in', async () => {
    const created = await post('/api/v1/customers')
      .send({ name: 'Racing Ltd', contacts: [{ name: 'Rae', email: `rae@${at('racing')}` }] })
      .expect(201);
    const id = created.body.id as string;
    const rae = created.body.contacts[0].id as string;
    lastJoined();
    const answers = await Promise.all([
      post(`/api/v1/customers/${id}/contacts`).send({ name: 'Sam', email: `sam@${at('racing')}` }),
      post(`/api/v1/customers/${id}/contacts`).send({ name: 'Sam again', email: `sam@${at('RACING')}` }),
      patch(`/api/v1/customers/${id}`).send({ name: 'Racing Trading Ltd' }),
      patch(`/api/v1/customers/${id}/contacts/${rae}`).send({ receives: ['breaches'] }),
      post(`/api/v1/customers/${id}/contacts`).send({ name: 'Tam', email: `tam@${at('racing')}` }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201, 201, 409]);
    const stored = (await get(`/api/v1/customers/${id}`).expect(200)).body;
    expect(stored.name).toBe('Racing Trading Ltd');
    expect(stored.contacts.map((c: { email: string; receives: string[] }) => `${c.email} ${c.receives.join(';')}`).sort()).toEqual(
      [`rae@${at('racing')} breaches`, `sam@${at('racing')} subprocessor-changes;breaches`, `tam@${at('racing')} subprocessor-changes;breaches`].sort(),
    );
    // Only the contacts that got in were announced: one Sam, one Tam.
    expect(lastJoined().map((r) => r.contactName).sort()).toEqual([expect.stringMatching(/^Sam/), 'Tam']);
  });

  it('relays at start the audit entry a crash left staged on a customer (customers are not swept periodically)', async () => {
    const customers = notification.app.get<Model<Customer>>(getModelToken(Customer.name));
    const entryId = `crash-${stack.runId}`;
    // As a write leaves it when the process dies before its relay: the change and its entry, not yet in the trail.
    await customers.collection.insertOne({
      _id: `crashed-${stack.runId}`,
      name: 'Crashed Ltd',
      externalId: `crashed-${stack.runId}`,
      status: 'active',
      contacts: [],
      createdAt: new Date(),
      createdBy: 'user:admin',
      version: 0,
      outbox: [],
      auditPending: [{ id: entryId, at: new Date(), actor: 'user:admin', service: 'customer-notification', action: 'customer.created', entityType: 'customer', entityId: `crashed-${stack.runId}` }],
    } as never);
    await stack.stopService(notification);
    notification = await startNotification(); // its sweep at start relays what the crash left
    const trail = await eventually(
      'the staged entry in the trail',
      async () => (await get(`/api/v1/audit?entityId=crashed-${stack.runId}`).expect(200)).body as { id: string }[],
      (t) => t.length > 0,
    );
    expect(trail.map((e) => e.id)).toEqual([entryId]);
    const after = await notification.app.get<Model<Customer>>(getModelToken(Customer.name)).findById(`crashed-${stack.runId}`).lean<{ auditPending: unknown[] }>();
    expect(after!.auditPending).toEqual([]);
  });

  it('imports JSON: creates, updates by externalId, reports bad rows by row and field, and lands the good ones', async () => {
    const first = await post('/api/v1/customers/import')
      .send([
        { externalId: `j1-${stack.runId}`, name: 'Json One', contacts: [{ name: 'A', email: `a@${at('j1')}` }, { name: 'B', email: 'not-an-email' }] },
        { externalId: 'has spaces', name: 'Bad Id' },
        { externalId: `j2-${stack.runId}`, name: 'Json Two', contacts: [{ name: 'C', email: `c@${at('j2')}`, receives: ['breaches'] }] },
        'not an object',
      ])
      .expect(200);
    expect(first.body).toMatchObject({
      rows: 4,
      created: [
        { externalId: `j1-${stack.runId}`, rows: [1] },
        { externalId: `j2-${stack.runId}`, rows: [3] },
      ],
      updated: [],
      unchanged: [],
      rejected: [
        { row: 1, externalId: `j1-${stack.runId}`, field: 'contacts.1.email', reason: 'email must be an email' },
        { row: 2, externalId: 'has spaces', field: 'externalId', reason: expect.stringMatching(/^externalId may hold/) },
        { row: 4, field: '', reason: 'must be an object' },
      ],
    });
    expect(lastJoined().map((r) => r.email).sort()).toEqual([`a@${at('j1')}`, `c@${at('j2')}`]);

    const again = await post('/api/v1/customers/import')
      .send([
        { externalId: `j1-${stack.runId}`, name: 'Json One', contacts: [{ name: 'A', email: `a@${at('j1')}` }] },
        { externalId: `j2-${stack.runId}`, name: 'Json Two Ltd', contacts: [{ name: 'D', email: `d@${at('j2')}` }] },
      ])
      .expect(200);
    expect(again.body).toMatchObject({
      created: [],
      updated: [{ externalId: `j2-${stack.runId}`, changed: ['contacts', 'name'] }],
      unchanged: [{ externalId: `j1-${stack.runId}` }],
      rejected: [],
    });
    expect(lastJoined().map((r) => r.email)).toEqual([`d@${at('j2')}`]);
    const two = (await get(`/api/v1/customers/${again.body.updated[0].id}`).expect(200)).body;
    expect(two.contacts.map((c: { email: string }) => c.email)).toEqual([`c@${at('j2')}`, `d@${at('j2')}`]);

    // Every write is in the audit trail, by whom: created by the first import, changed by the second.
    const trail = (await get(`/api/v1/audit?entityType=customer&entityId=${two.id}`).expect(200)).body;
    expect(trail.map((e: { action: string; actor: string }) => `${e.action} by ${e.actor}`)).toEqual([
      'customer.imported by user:tester',
      'customer.imported by user:tester',
    ]);
    expect(trail[0].changes).toMatchObject({ changed: ['contacts', 'name'], name: 'Json Two Ltd' });

    await post('/api/v1/customers/import').send({ not: 'an array' }).expect(400);
    await post('/api/v1/customers/import').set('content-type', 'text/plain').send('x').expect(415);
  });

  it('imports CSV: one row per contact, receives split on ";", rejected rows named by spreadsheet row and column', async () => {
    const csv = [
      'externalId,customerName,contactName,email,receives',
      `c1-${stack.runId},Csv One,Ann,ann@${at('c1')},subprocessor-changes;breaches`,
      `c1-${stack.runId},Csv One,Ben,ben@${at('c1')},breaches`,
      `c1-${stack.runId},Csv One,Cat,cat@,breaches`,
      `c2-${stack.runId},Csv Two,Dot,dot@${at('c2')},newsletters`,
      `c2-${stack.runId},Csv Two,Fay,FAY@${at('C2')},subprocessor-changes`,
      `c2-${stack.runId},"Csv Two, Renamed",Eve,eve@${at('c2')},`,
      `c1-${stack.runId},Csv One,Ann again,ANN@${at('c1')},`,
      `,No Id,Gus,gus@${at('c3')},`,
    ].join('\n');
    const report = await post('/api/v1/customers/import').set('content-type', 'text/csv').send(csv).expect(200);
    expect(report.body).toMatchObject({
      rows: 8,
      created: [
        { externalId: `c1-${stack.runId}`, rows: [2, 3] },
        { externalId: `c2-${stack.runId}`, rows: [6] },
      ],
      rejected: [
        { row: 4, field: 'email', reason: 'email must be an email' },
        { row: 5, field: 'receives', reason: expect.stringContaining('receives must be one of') },
        { row: 7, field: 'customerName', reason: expect.stringContaining('differs from row 6') },
        { row: 8, field: 'email', reason: expect.stringContaining('already listed for this customer in row 2') },
        { row: 9, field: 'externalId', reason: expect.stringMatching(/^externalId may hold/) },
      ],
    });
    const one = (await get(`/api/v1/customers/${report.body.created[0].id}`).expect(200)).body;
    expect(one.contacts).toEqual([
      expect.objectContaining({ name: 'Ann', email: `ann@${at('c1')}`, receives: ['subprocessor-changes', 'breaches'] }),
      expect.objectContaining({ name: 'Ben', email: `ben@${at('c1')}`, receives: ['breaches'] }),
    ]);
    const two = (await get(`/api/v1/customers/${report.body.created[1].id}`).expect(200)).body;
    expect(two.contacts).toEqual([expect.objectContaining({ email: `FAY@${at('c2')}`, receives: ['subprocessor-changes'] })]);
    expect(two.warnings.map((w: { kind: string }) => w.kind)).toEqual(['breaches']);

    const missing = await post('/api/v1/customers/import').set('content-type', 'text/csv').send('externalId,customerName\nx,y\n').expect(400);
    expect(missing.body.message).toMatch(/lacks the column\(s\) contactName, email/);
    await post('/api/v1/customers/import').set('content-type', 'text/csv').send('externalId,customerName,contactName,email\n"x,y\n').expect(400);
  });
});
