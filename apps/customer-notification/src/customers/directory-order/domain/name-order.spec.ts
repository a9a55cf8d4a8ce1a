import { DirectoryRow, NameOrder, nameKey } from './name-order';

const row = (id: string, name: string, extra: Partial<DirectoryRow> = {}): DirectoryRow => ({
  id,
  name,
  externalId: `ext-${id}`,
  status: 'active',
  flagged: false,
  version: 0,
  ...extra,
});

const names = (order: NameOrder, ids: string[]) => ids.map((id) => order.row(id)!.name);

describe('NameOrder', () => {
  it('orders by name in any case and without accents, then by id', () => {
    const order = new NameOrder();
    order.apply([row('3', 'beta'), row('1', 'Émile'), row('2', 'Alpha'), row('0', 'alpha')]);
    expect(order.page({}, 0, 10)).toEqual(['0', '2', '3', '1']);
    expect(nameKey('Émile Zola')).toBe('emile zola');
  });

  it('pages with offset and limit, and after filters', () => {
    const order = new NameOrder();
    order.apply(Array.from({ length: 10 }, (_, i) => row(`c${i}`, `Customer ${i}`, { status: i % 2 ? 'inactive' : 'active' })));
    expect(names(order, order.page({}, 3, 2))).toEqual(['Customer 3', 'Customer 4']);
    expect(names(order, order.page({ status: 'inactive' }, 1, 2))).toEqual(['Customer 3', 'Customer 5']);
    expect(order.page({}, 10, 5)).toEqual([]);
  });

  it('finds a name prefix in any case and nothing past it', () => {
    const order = new NameOrder();
    order.apply([row('1', 'Acme Ltd'), row('2', 'acme gmbh'), row('3', 'Acmf'), row('4', 'Ac')]);
    expect(names(order, order.page({ name: 'ACME' }, 0, 10))).toEqual(['acme gmbh', 'Acme Ltd']);
    expect(order.page({ name: 'zzz' }, 0, 10)).toEqual([]);
  });

  it('finds by externalId, and forgets an externalId the customer gave up', () => {
    const order = new NameOrder();
    order.apply([row('1', 'One', { externalId: 'a' })]);
    expect(order.page({ externalId: 'a' }, 0, 1)).toEqual(['1']);
    order.apply([row('1', 'One', { externalId: 'b', version: 1 })]);
    expect(order.page({ externalId: 'a' }, 0, 1)).toEqual([]);
    expect(order.page({ externalId: 'b', status: 'inactive' }, 0, 1)).toEqual([]);
    expect(order.page({ externalId: 'b' }, 0, 1)).toEqual(['1']);
  });

  it('moves a renamed customer, keeps the row of the latest write and ignores an older one', () => {
    const order = new NameOrder();
    order.apply([row('1', 'Zed'), row('2', 'Mid')]);
    order.apply([row('1', 'Aardvark', { version: 2 })]);
    order.apply([row('1', 'Zed', { version: 1 })]);
    expect(names(order, order.page({}, 0, 5))).toEqual(['Aardvark', 'Mid']);
    expect(order.size).toBe(2);
  });

  it('forgets customers that are no longer stored', () => {
    const order = new NameOrder();
    order.apply([row('1', 'One', { externalId: 'x' }), row('2', 'Two')]);
    order.forget(['1', 'nobody']);
    expect(order.page({}, 0, 5)).toEqual(['2']);
    expect(order.page({ externalId: 'x' }, 0, 1)).toEqual([]);
    expect(order.size).toBe(1);
  });

  it('gives the same order placing rows one by one as sorting them in bulk', () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(`id${(i * 7919) % 500}`, `n${(i * 104729) % 97}`, { flagged: i % 3 === 0 }));
    const oneByOne = new NameOrder();
    for (const r of rows) oneByOne.apply([r]);
    const bulk = new NameOrder();
    bulk.apply(rows);
    expect(oneByOne.page({}, 0, 500)).toEqual(bulk.page({}, 0, 500));
    expect(oneByOne.page({ flagged: true }, 5, 20)).toEqual(bulk.page({ flagged: true }, 5, 20));
    // Renames of a tenth of them, one by one and in bulk, land in the same places.
    const renamed = rows.slice(0, 50).map((r) => ({ ...r, name: `renamed ${r.id}`, version: 1 }));
    for (const r of renamed) oneByOne.apply([r]);
    bulk.apply(renamed);
    expect(oneByOne.page({}, 0, 500)).toEqual(bulk.page({}, 0, 500));
    expect(oneByOne.size).toBe(500);
  });
});
