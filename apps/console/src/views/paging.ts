export interface Pager {
  description: string;
  previous?: string;
  next?: string;
}

/** A link to another page of the same list, keeping its filters. */
function pageLink(path: string, query: Record<string, unknown>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (key !== 'page' && typeof value === 'string' && value) params.set(key, value);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export const pageNumberOf = (value: unknown): number => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
};

/**
 * One page of a list. `total` is the whole list's length when known; when it is not (a service
 * paged with limit and offset), `hasMore` says whether a next page exists.
 */
export function pagerOf(path: string, query: Record<string, unknown>, page: number, size: number, shown: number, total?: number, hasMore?: boolean): Pager | undefined {
  const first = (page - 1) * size + 1;
  const more = total !== undefined ? page * size < total : !!hasMore;
  if (page === 1 && !more) return undefined;
  return {
    description: shown === 0 ? `Page ${page}: nothing here` : `${first}–${first + shown - 1}${total !== undefined ? ` of ${total}` : ''}`,
    previous: page > 1 ? pageLink(path, query, page - 1) : undefined,
    next: more ? pageLink(path, query, page + 1) : undefined,
  };
}

/** A page of a list the console holds whole. */
export function pageOf<T>(items: readonly T[], path: string, query: Record<string, unknown>, size = 50): { items: T[]; pager?: Pager } {
  const page = pageNumberOf(query.page);
  const slice = items.slice((page - 1) * size, page * size);
  return { items: slice, pager: pagerOf(path, query, page, size, slice.length, items.length) };
}
