import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { RunningService, TestStack } from '../../../../../test/support/test-stack';
import { NotificationConfig } from '../../notification.config';
import { notificationDescription, NotificationModule } from '../../notification.module';
import { Customer } from '../customer.schema';
import { DirectoryOrderPage } from './directory-order-page.schema';

/** The directory's name order through two replicas of the real service on one FerretDB database. */
describe('customer directory order (two replicas, real FerretDB)', () => {
  const stack = new TestStack();
  let one: RunningService;
  let two: RunningService;
  let admin: string;
  const start = () => stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription);
  const customersOf = (service: RunningService) => service.app.get<Model<Customer>>(getModelToken(Customer.name));
  const names = async (service: RunningService, query: string) =>
    ((await service.http().get(`/api/v1/customers?${query}`).auth(admin, { type: 'bearer' }).expect(200)).body as { name: string }[]).map((c) => c.name);
  const tag = (name: string) => `${name} ${stack.runId}`;

  beforeAll(async () => {
    admin = await stack.token(['admin']);
    one = await start();
  });

  afterAll(() => stack.stop());

  it('is seeded once from the customers written before there were notes', async () => {
    // Customers from before this release: in the collection, in no note.
    const earlier = ['Mango', 'apple', 'Éclair', 'banana'].map((name, i) => ({
      _id: `earlier-${i}-${stack.runId}`,
      name: tag(name),
      externalId: `earlier-${i}-${stack.runId}`,
      status: 'active',
      contacts: [],
      createdAt: new Date(),
      createdBy: 'user:admin',
      version: 0,
    }));
    await customersOf(one).collection.insertMany(earlier as never[]);
    await one.app.get<Model<DirectoryOrderPage>>(getModelToken(DirectoryOrderPage.name)).collection.deleteMany({});
    await stack.stopService(one);
    one = await start();
    expect(await names(one, 'limit=10')).toEqual(['apple', 'banana', 'Éclair', 'Mango'].map(tag));
    expect(await names(one, 'limit=2&offset=1')).toEqual(['banana', 'Éclair'].map(tag));
    expect(await names(one, 'name=ECLA')).toEqual([tag('Éclair')]);
    expect(await names(one, 'flagged=true&name=mango')).toEqual([tag('Mango')]); // no contact receives anything
    const pages = one.app.get<Model<DirectoryOrderPage>>(getModelToken(DirectoryOrderPage.name)).collection;
    expect(await pages.findOne({ _id: 'seeded#0' } as never)).not.toBeNull();
    expect(await pages.findOne({ _id: 'seeded#1' } as never)).toBeNull(); // seeded once
  });

  it("lists on one replica what was written on the other: creations, renames, status and imports", async () => {
    two = await start();
    const post = (path: string) => one.http().post(path).auth(admin, { type: 'bearer' });
    const created = await post('/api/v1/customers').send({ name: tag('Cherry'), contacts: [] }).expect(201);
    expect(await names(two, 'name=cherry')).toEqual([tag('Cherry')]);

    await one.http().patch(`/api/v1/customers/${created.body.id}`).auth(admin, { type: 'bearer' }).send({ name: tag('Aardvark'), status: 'inactive' }).expect(200);
    expect(await names(two, 'name=cherry')).toEqual([]);
    expect(await names(two, 'name=aardvark&status=inactive')).toEqual([tag('Aardvark')]);
    expect(await names(two, 'name=aardvark&status=active')).toEqual([]);

    const imported = Array.from({ length: 30 }, (_, i) => ({ externalId: `imp-${i}-${stack.runId}`, name: tag(`Zeta ${String(i).padStart(2, '0')}`) }));
    await post('/api/v1/customers/import').send(imported).expect(200);
    expect(await names(two, 'name=zeta&offset=10&limit=3')).toEqual(['Zeta 10', 'Zeta 11', 'Zeta 12'].map(tag));
  });

  it('corrects the order from a customer found newer than its note (a writer that died before noting)', async () => {
    // apple, written before there were notes
    await customersOf(one).updateOne({ _id: `earlier-1-${stack.runId}` }, { $set: { name: tag('Zucchini') }, $inc: { version: 1 } });
    // The listing reads its customers by id, so it never shows the stale name; the order learns the new one there.
    expect(await names(two, 'name=apple')).toEqual([]);
    expect(await names(two, 'name=zucchini')).toEqual([tag('Zucchini')]);
    // …and noted it, so the replica that never listed it knows too.
    expect(await names(one, 'name=zucchini')).toEqual([tag('Zucchini')]);
  });

  it('drops from the order a customer removed from the database by hand, so pages stay full', async () => {
    await customersOf(one).deleteOne({ _id: `earlier-3-${stack.runId}` }); // banana
    expect(await names(two, 'limit=3')).toEqual(['Aardvark', 'Éclair'].map(tag)); // the page read banana's row and found nothing
    expect(await names(two, 'limit=3')).toEqual(['Aardvark', 'Éclair', 'Mango'].map(tag));
  });
});
