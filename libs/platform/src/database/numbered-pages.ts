import type { Model } from 'mongoose';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { insertNew } from './insert-new';

/**
 * A page as stored: `_id` is `<stream>#<n>`; only inserted, read by `_id`. The rows are one
 * compressed JSON blob, not an array of documents: FerretDB decodes a nested document at 1–2 ms a
 * row, a blob at a small cost per kilobyte (measured: a page of 500 rows in 8 ms instead of 300).
 */
export interface PageRecord {
  _id: string;
  stream: string;
  n: number;
  count: number;
  rows: Buffer;
  writtenAt: Date;
}

type StoredPage = Omit<PageRecord, 'rows'> & { rows: Uint8Array | { buffer: Uint8Array } };

/** Streams whose next page number a writer remembers (the oldest is forgotten first). */
const REMEMBERED_STREAMS = 1000;

/**
 * Append-only logs of rows, one per stream, stored as numbered pages `<stream>#0`, `#1`, … so a
 * reader fetches a stream of 100,000 rows as a few hundred reads by `_id` — the only read that
 * FerretDB answers without scanning the collection. A writer takes the next number by inserting
 * it: a duplicate key means another writer got there first, so it tries the one after. Numbers are
 * only ever tried upward from a page known to exist, so a stream never has a gap and a reader
 * stops at the first missing page. Rows may repeat (a batch retried after a failure it did not
 * see): readers keep the first of each. Rows go through JSON: dates come back as strings.
 */
export class NumberedPages<Row> {
  private readonly nextOf = new Map<string, number>();

  constructor(
    private readonly model: Model<any>,
    private readonly now: () => Date,
  ) {}

  static idOf(stream: string, n: number): string {
    return `${stream}#${n}`;
  }

  /** Stores the rows as the stream's next page; resolves once they are stored. */
  async append(stream: string, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    // Synchronous: a page is compressed in about a millisecond, less than a zlib stream costs.
    const blob = deflateRawSync(JSON.stringify(rows));
    let n = this.nextOf.get(stream) ?? (await this.end(stream));
    for (;;) {
      const page: PageRecord = { _id: NumberedPages.idOf(stream, n), stream, n, count: rows.length, rows: blob, writtenAt: this.now() };
      if ((await insertNew(this.model, [page])).length === 1) break;
      n++;
    }
    this.nextOf.delete(stream);
    this.nextOf.set(stream, n + 1);
    if (this.nextOf.size > REMEMBERED_STREAMS) this.nextOf.delete(this.nextOf.keys().next().value as string);
  }

  /** The stream's rows page by page from page `from`, in the order written, fetching `readAhead` pages at a time
   *  (a wider window was no faster on FerretDB, and more pages waiting on I/O outlive young collections). */
  async *read(stream: string, readAhead = 2, from = 0): AsyncGenerator<Row[]> {
    const windowAt = (from: number) => {
      const pages = Promise.all(Array.from({ length: readAhead }, (_, i) => this.page(stream, from + i)));
      pages.catch(() => undefined); // a reader that stops early leaves its read-ahead unawaited
      return pages;
    };
    let window = windowAt(from);
    for (let at = from; ; at += readAhead) {
      const pages = await window;
      const complete = pages.every((p) => p !== null);
      // The next reads run while the caller works through these pages.
      if (complete) window = windowAt(at + readAhead);
      for (const page of pages) {
        if (!page) return;
        // The driver hands a stored Buffer back as a BSON Binary.
        const blob = page.rows instanceof Uint8Array ? page.rows : page.rows.buffer;
        yield JSON.parse(inflateRawSync(blob).toString('utf8')) as Row[];
      }
    }
  }

  /** The first page number not yet written: galloping, then halving, with reads by `_id`. */
  async end(stream: string): Promise<number> {
    if (!(await this.page(stream, 0, true))) return 0;
    let written = 0;
    let unwritten = 1;
    while (await this.page(stream, unwritten, true)) {
      written = unwritten;
      unwritten *= 2;
    }
    while (unwritten - written > 1) {
      const middle = Math.floor((written + unwritten) / 2);
      if (await this.page(stream, middle, true)) written = middle;
      else unwritten = middle;
    }
    return unwritten;
  }

  private page(stream: string, n: number, idOnly = false): Promise<StoredPage | null> {
    return this.model.collection.findOne<StoredPage>({ _id: NumberedPages.idOf(stream, n) } as never, idOnly ? { projection: { _id: 1 } } : {});
  }
}
