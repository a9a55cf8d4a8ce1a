import { pageOf, pagerOf } from './paging';

describe('paging', () => {
  it('shows one page of a whole list with links that keep the filters', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    const { items: second, pager } = pageOf(items, '/changes', { status: 'announced', page: '2' });
    expect(second[0]).toBe(50);
    expect(second).toHaveLength(50);
    expect(pager).toEqual({ description: '51–100 of 120', previous: '/changes?status=announced', next: '/changes?status=announced&page=3' });
  });

  it('needs no pager for a list that fits one page, and pages a service-paged list by hasMore', () => {
    expect(pageOf([1, 2, 3], '/x', {}).pager).toBeUndefined();
    expect(pagerOf('/customers', { q: 'acme' }, 1, 50, 50, undefined, true)).toEqual({ description: '1–50', previous: undefined, next: '/customers?q=acme&page=2' });
  });

  it('treats a nonsense page number as the first page', () => {
    expect(pageOf([1, 2], '/x', { page: '-3' }).items).toEqual([1, 2]);
  });
});
