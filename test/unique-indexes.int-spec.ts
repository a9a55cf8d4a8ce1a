import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { isDuplicateKeyError } from '@forewarn/platform';
import { NotificationConfig } from '../apps/customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../apps/customer-notification/src/notification.module';
import { RegistryConfig } from '../apps/subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../apps/subprocessor-registry/src/registry.module';
import { RunningService, TestStack } from './support/test-stack';
import { outboxesRelayed } from './support/topic-position';

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
    await outboxesRelayed(registry);
    const events = (await stack.messagesOn(Topics.subprocessorChanges)).map((m) => JSON.parse(m.value!.toString()) as { id: string; type: string; data: { changeId: string } });
    const announced = events.filter((e) => e.type === SubprocessorChangeEventTypes.announced && e.data.changeId === draft.body.id);
    // Delivery is at-least-once (the relay may send one event twice; consumers skip a known id),
    // so "one event" means one event id.
    expect(new Set(announced.map((e) => e.id)).size).toBe(1);
  });

  it("holds every unique key the services declare, on the database itself: of two racing inserts, one is refused with E11000", async () => {
    // The services' own models and indexes (not a stand-in schema): _id for every collection, and
    // each unique index a schema declares. Raw inserts, so no code of ours can be what refuses.
    const checked: string[] = [];
    for (const service of [registry, notification]) {
      const connection = service.app.get<Connection>(getConnectionToken());
      for (const model of Object.values(connection.models)) {
        await model.init(); // the declared indexes exist once this resolves
        const keys: Record<string, unknown>[] = [{}];
        for (const [fields, options] of model.schema.indexes()) if (options?.unique) keys.push(fields);
        const uniqueFields = keys.flatMap((k) => Object.keys(k));
        for (const fields of keys) {
          // Only the raced key collides: every other unique field differs between the two.
          const shared = Object.fromEntries(Object.keys(fields).map((f) => [f, `same-${stack.runId}`]));
          const doc = (n: number) => ({
            ...Object.fromEntries(uniqueFields.map((f) => [f, `doc-${n}-${stack.runId}`])),
            _id: Object.keys(fields).length === 0 ? `same-${stack.runId}` : `doc-${n}-${stack.runId}`,
            ...shared,
          });
          const results = await Promise.allSettled([model.collection.insertOne(doc(1) as never), model.collection.insertOne(doc(2) as never)]);
          const name = `${model.collection.collectionName} ${Object.keys(fields).join('+') || '_id'}`;
          expect({ name, outcomes: results.map((r) => r.status).sort() }).toEqual({ name, outcomes: ['fulfilled', 'rejected'] });
          const refused = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
          expect(refused).toMatchObject({ code: 11000, message: expect.stringMatching(/^E11000 duplicate key/) });
          expect(isDuplicateKeyError(refused)).toBe(true);
          checked.push(name);
        }
      }
    }
    // The keys the idempotency rules stand on are among them.
    expect(checked).toEqual(expect.arrayContaining(['deliveries _id', 'delivery_claims _id', 'delivery_outcomes _id', 'proof_pages _id', 'customers externalId', 'subprocessors name']));
  });
});
