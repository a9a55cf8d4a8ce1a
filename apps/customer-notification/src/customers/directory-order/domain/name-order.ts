/** What the directory's listing knows of one customer: enough to order, filter and find it. */
export interface DirectoryRow {
  id: string;
  name: string;
  externalId: string;
  status: 'active' | 'inactive';
  /** An active customer with a directory warning (a kind of notice no active contact receives). */
  flagged: boolean;
  /** The customer's write count: a row never replaces one of a later write. */
  version: number;
  /** The notice periods its terms have asked, oldest first: `[since (ISO), days]`; absent for the standard terms. */
  noticePeriods?: [string, number][];
}

/** The notice period a customer's terms asked at a moment; undefined: the standard one. */
export function noticePeriodAt(row: Pick<DirectoryRow, 'noticePeriods'> | undefined, at: Date): number | undefined {
  let days: number | undefined;
  for (const [since, period] of row?.noticePeriods ?? []) if (new Date(since).getTime() <= at.getTime()) days = period;
  return days;
}

export interface DirectoryFilter {
  status?: 'active' | 'inactive';
  flagged?: boolean;
  externalId?: string;
  /** A prefix of the name, in any case and with or without accents. */
  name?: string;
}

interface Entry extends DirectoryRow {
  key: string;
}

/** The form names are ordered and searched by: lower case, accents dropped ("Émile" files under "emile"). */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Whether a customer's row passes a listing's filter. */
export function passes(row: DirectoryRow, filter: DirectoryFilter): boolean {
  return (
    (filter.status === undefined || row.status === filter.status) &&
    (filter.flagged === undefined || row.flagged === filter.flagged) &&
    (filter.externalId === undefined || row.externalId === filter.externalId) &&
    (filter.name === undefined || nameKey(row.name).startsWith(nameKey(filter.name)))
  );
}

const before = (a: Pick<Entry, 'key' | 'id'>, b: Pick<Entry, 'key' | 'id'>) => a.key < b.key || (a.key === b.key && a.id < b.id);

/** Rows applied at once beyond this many are sorted in with the rest rather than placed one by one
 *  (a placement moves half the order on average; a sort of 100,000 takes tens of milliseconds). */
const PLACED_ONE_BY_ONE = 64;

/**
 * The customers in name order, in memory: a page or a prefix search is a binary search and a walk,
 * whatever the database can sort. Rows may come twice or out of order (replicas' notes, a repeated
 * seed): the one of the latest write wins.
 */
export class NameOrder {
  private readonly byId = new Map<string, Entry>();
  private readonly idByExternalId = new Map<string, string>();
  private sorted: Entry[] = [];

  get size(): number {
    return this.sorted.length;
  }

  row(id: string): DirectoryRow | undefined {
    return this.byId.get(id);
  }

  apply(rows: DirectoryRow[]): void {
    const bulk = rows.length > PLACED_ONE_BY_ONE;
    for (const row of rows) {
      const current = this.byId.get(row.id);
      if (current && current.version > row.version) continue;
      if (current) {
        if (!bulk) this.sorted.splice(this.indexOf(current), 1);
        if (this.idByExternalId.get(current.externalId) === row.id) this.idByExternalId.delete(current.externalId);
      }
      const entry: Entry = { ...row, key: nameKey(row.name) };
      this.byId.set(row.id, entry);
      this.idByExternalId.set(row.externalId, row.id);
      if (!bulk) this.sorted.splice(this.indexOf(entry), 0, entry);
    }
    if (bulk) this.sorted = [...this.byId.values()].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  /** Drops customers that are no longer stored (customers are never deleted through the service; only by hand). */
  forget(ids: string[]): void {
    for (const id of ids) {
      const entry = this.byId.get(id);
      if (!entry) continue;
      this.sorted.splice(this.indexOf(entry), 1);
      this.byId.delete(id);
      if (this.idByExternalId.get(entry.externalId) === id) this.idByExternalId.delete(entry.externalId);
    }
  }

  /** The ids of the customers that pass the filter, in name order, `offset` of them skipped. */
  page(filter: DirectoryFilter, offset: number, limit: number): string[] {
    if (filter.externalId !== undefined) {
      const entry = this.byId.get(this.idByExternalId.get(filter.externalId) ?? '');
      return entry && passes(entry, filter) && offset === 0 && limit > 0 ? [entry.id] : [];
    }
    const prefix = filter.name === undefined ? '' : nameKey(filter.name);
    const others = { ...filter, name: undefined };
    const ids: string[] = [];
    let skipped = 0;
    for (let i = this.indexOf({ key: prefix, id: '' }); i < this.sorted.length && ids.length < limit; i++) {
      const entry = this.sorted[i];
      if (!entry.key.startsWith(prefix)) break;
      if (!passes(entry, others)) continue;
      if (skipped < offset) skipped++;
      else ids.push(entry.id);
    }
    return ids;
  }

  /** Where the entry is, or would go, in the order. */
  private indexOf(entry: Pick<Entry, 'key' | 'id'>): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(this.sorted[middle], entry)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
