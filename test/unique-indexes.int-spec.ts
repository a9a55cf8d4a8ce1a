import { getConnectionToken } from '@nestjs/mongoose';
import mongoose, { Connection, Schema } from 'mongoose';
import { SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { isDuplicateKeyError } from '@forewarn/platform';
import { NotificationConfig } from '../apps/customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../apps/customer-notification/src/notification.module';
import { RegistryConfig } from '../apps/subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../apps/subprocessor-registry/src/registry.module';
import { eventually, RunningService, TestStack } from './support/test-stack';

const DAY = 24 * 3600 * 1000;
const statuses = (responses: { status: number }[]) => responses.map((r) => r.status).sort();

/**
 * The unique indexes that carry the idempotency and uniqueness rules, raced on FerretDB itself:
 * two writers at once, so no read-before-write in the code can be what refuses the second.
 */
describe('unique indexes under concurrent writes (real FerretDB)', () => {
  const stack = new TestStack();
  let registry: RunningService;
  let notification: RunningService;
  let compliance: string;
  let admin: string;

  beforeAll(async () => {
    [registry, notification] = await Promise.all([
      stack.start('subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription),
      stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription),
    ]);
    [compliance, admin] = await Promise.all([stack.token(['compliance']), stack.token(['admin'])]);
  });

  afterAll(() => stack.stop());

  it('registers one of two simultaneous subprocessors with the same name; the other gets 409 naming the field', async () => {
    const body = { name: `Twin Hosting ${stack.runId}`, category: 'Data hosting services', purpose: 'Hosting', dataCategories: ['account data'], locations: ['GB'] };
    const post = () => registry.http().post('/api/v1/subprocessors').auth(compliance, { type: 'bearer' }).send(body);
    const responses = await Promise.all([post(), post()]);
    expect(statuses(responses)).toEqual([201, 409]);
    expect(responses.find((r) => r.status === 409)!.body).toMatchObject({ statusCode: 409, message: expect.stringMatching(/^name: .*already registered/) });
  });

  it('creates one of two simultaneous customers with the same externalId; the other gets 409 naming the field', async () => {
    const body = { name: 'Twin Ltd', externalId: `crm-${stack.runId}`, contacts: [{ name: 'Pat', email: `pat.${stack.runId}@twin.example` }] };
    const post = () => notification.http().post('/api/v1/customers').auth(admin, { type: 'bearer' }).send(body);
    const responses = await Promise.all([post(), post()]);
    expect(statuses(responses)).toEqual([201, 409]);
    expect(responses.find((r) => r.status === 409)!.body).toMatchObject({ statusCode: 409, message: expect.stringMatching(/^externalId: /) });
  });

  it('announces a draft once when two announces race: one 200, one 409, one event on the topic', async () => {
    const subprocessor = await registry
      .http()
      .post('/api/v1/subprocessors')
      .auth(compliance, { type: 'bearer' })
      .send({ name: `Race Vault ${stack.runId}`, category: 'Data hosting services', purpose: 'Backups', dataCategories: ['account data'], locations: ['GB'], dpaSignedAt: '2026-01-05T00:00:00Z' })
      .expect(201);
    const clock = await registry.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200);
    const draft = await registry
      .http()
      .post('/api/v1/changes')
      .auth(compliance, { type: 'bearer' })
      .send({ kind: 'addition', subprocessorId: subprocessor.body.id, effectiveAt: new Date(Date.parse(clock.body.now) + 40 * DAY).toISOString(), summary: 'Raced' })
      .expect(201);
    const announce = () => registry.http().post(`/api/v1/changes/${draft.body.id}/announce`).auth(compliance, { type: 'bearer' });
    expect(statuses(await Promise.all([announce(), announce()]))).toEqual([200, 409]);

    // Nothing is left in any outbox of the registry, so every event either request staged is on the topic.
    const db = registry.app.get<Connection>(getConnectionToken()).db!;
    await eventually(
      'the registry outboxes relayed',
      async () => {
        const collections = await db.listCollections().toArray();
        const pending = await Promise.all(collections.map((c) => db.collection(c.name).countDocuments({ 'outbox.0': { $exists: true } })));
        return pending.reduce((a, b) => a + b, 0);
      },
      (n) => n === 0,
    );
    const events = (await stack.messagesOn(Topics.subprocessorChanges)).map((m) => JSON.parse(m.value!.toString()) as { id: string; type: string; data: { changeId: string } });
    const announced = events.filter((e) => e.type === SubprocessorChangeEventTypes.announced && e.data.changeId === draft.body.id);
    // Delivery is at-least-once (the relay may send one event twice; consumers skip a known id),
    // so "one event" means one event id.
    expect(new Set(announced.map((e) => e.id)).size).toBe(1);
  });

  describe('delivery keys, at the driver level', () => {
    // The shape of the delivery queue's idempotency: one document per (source event, contact),
    // under a deterministic _id; a second insert of the same key is the "already queued" signal.
    let connection: Connection;
    let deliveries: mongoose.Model<{ _id: string; email: string }>;

    beforeAll(async () => {
      connection = await mongoose.createConnection(stack.env('unique').MONGODB_URI, { dbName: `t_${stack.runId}_unique` }).asPromise();
      deliveries = connection.model<{ _id: string; email: string }>('Delivery', new Schema({ _id: String, email: String }, { versionKey: false }));
    });

    afterAll(async () => {
      await connection.dropDatabase();
      await connection.close();
    });

    it('stores one of two racing inserts of one key; FerretDB refuses the other with E11000, which isDuplicateKeyError reads as done', async () => {
      const key = 'evt-1:dana@acme.example';
      const results = await Promise.allSettled([deliveries.create({ _id: key, email: 'a' }), deliveries.create({ _id: key, email: 'b' })]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
      expect(refused).toMatchObject({ name: 'MongoServerError', code: 11000, message: expect.stringMatching(/^E11000 duplicate key/) });
      expect(isDuplicateKeyError(refused)).toBe(true);
      expect(await deliveries.countDocuments({ _id: key })).toBe(1);
    });
  });
});
