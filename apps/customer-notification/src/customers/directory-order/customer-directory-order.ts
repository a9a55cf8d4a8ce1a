import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, ProjectionType } from 'mongoose';
import { Clock, NumberedPages, readEachById } from '@forewarn/platform';
import { Customer } from '../customer.schema';
import { directoryWarnings } from '../domain/directory-warnings';
import { DirectoryOrderPage } from './directory-order-page.schema';
import { DirectoryFilter, DirectoryRow, NameOrder, noticePeriodAt, passes } from './domain/name-order';

/** Every write's rows, in the order written. */
const NOTES = 'notes';
/** One page once the notes hold every customer the directory had before there were notes. */
const SEEDED = 'seeded';
/** Notes pages read at once when a replica starts: every edit is a page of its own (5,000 pages
 *  took 2.9 s here with 8 in flight, 5.1 s with 2). */
const LOAD_READ_AHEAD = 8;
/** Rows a notes page holds at most (an import's or the seed's). */
const NOTE_PAGE = 1000;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export type WrittenCustomer = Pick<Customer, '_id' | 'name' | 'externalId' | 'status' | 'contacts' | 'termsHistory'> & { version?: number };

export function directoryRowOf(customer: WrittenCustomer): DirectoryRow {
  return {
    id: String(customer._id),
    name: customer.name,
    externalId: customer.externalId,
    status: customer.status,
    flagged: directoryWarnings(customer).length > 0,
    version: customer.version ?? 0,
    ...(customer.termsHistory?.length ? { noticePeriods: customer.termsHistory.map((t): [string, number] => [new Date(t.changedAt).toISOString(), t.noticePeriodDays]) } : {}),
  };
}

/**
 * The directory in name order, for its pages and its name search. The embedded database sorts by
 * reading every customer (9.8 s a page at 16,000), so each replica keeps the order in memory,
 * built from notes rather than from the customers: every write appends the rows it left to a
 * stream of numbered pages, read by `_id`. A replica reads the notes once at start and then, before
 * each listing, the pages written since (one read when there are none), so it sees the other
 * replicas' writes too. The customers on a page are read by id; one found newer than its row (a
 * writer that died before its note) corrects the row and is noted again. On MongoDB the same path
 * serves, so there is one way to list customers everywhere.
 */
@Injectable()
export class CustomerDirectoryOrder implements OnApplicationBootstrap {
  private readonly logger = new Logger(CustomerDirectoryOrder.name);
  private readonly order = new NameOrder();
  private readonly pages: NumberedPages<DirectoryRow>;
  private readonly seedMarks: NumberedPages<{ customers: number }>;
  /** The next notes page this replica has not read. */
  private position = 0;
  private loading?: Promise<void>;
  private catchingUp?: Promise<void>;

  constructor(
    @InjectModel(DirectoryOrderPage.name) pageModel: Model<DirectoryOrderPage>,
    @InjectModel(Customer.name) private readonly customers: Model<Customer>,
    clock: Clock,
  ) {
    this.pages = new NumberedPages(pageModel, () => clock.now());
    this.seedMarks = new NumberedPages(pageModel, () => clock.now());
  }

  onApplicationBootstrap(): void {
    this.ready().catch((e: unknown) => this.logger.warn(`the directory's order loads on the first listing instead: ${messageOf(e)}`));
  }

  /** Records what writes left (after they are stored); a failure costs other replicas freshness, not the write. */
  async noteWritten(customers: WrittenCustomer[]): Promise<void> {
    const rows = customers.map(directoryRowOf);
    this.order.apply(rows);
    await this.note(rows).catch((e: unknown) => this.logger.warn(`a directory note was not stored: ${messageOf(e)}`));
  }

  /** A page of customers in name order that pass the filter, read by id. */
  async list<T extends WrittenCustomer>(filter: DirectoryFilter, offset: number, limit: number, projection: ProjectionType<Customer>): Promise<T[]> {
    await this.ready();
    await this.catchUp();
    const listed: T[] = [];
    const corrected: T[] = [];
    const ids = this.order.page(filter, offset, limit);
    const stored = new Set<string>();
    for await (const customers of readEachById(ids, (id) => this.customers.findById(id, projection).lean<T>().exec())) {
      for (const customer of customers) {
        const row = directoryRowOf(customer);
        stored.add(row.id);
        if (row.version > (this.order.row(row.id)?.version ?? -1)) corrected.push(customer);
        if (passes(row, filter)) listed.push(customer);
      }
    }
    await this.noteWritten(corrected);
    // A customer removed from the database by hand: nothing to show, so nothing to keep.
    this.order.forget(ids.filter((id) => !stored.has(id)));
    return listed;
  }

  /**
   * The notice period each customer's own terms asked at a moment (undefined: the standard one),
   * from the order as it stands after catching up: a proof of notice asks for every customer it names.
   */
  async noticePeriods(): Promise<(customerId: string, at: Date) => number | undefined> {
    await this.ready();
    await this.catchUp();
    return (customerId, at) => noticePeriodAt(this.order.row(customerId), at);
  }

  private ready(): Promise<void> {
    this.loading ??= this.load().catch((e: unknown) => {
      this.loading = undefined;
      throw e;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    await this.catchUp(LOAD_READ_AHEAD);
    if ((await this.seedMarks.end(SEEDED)) > 0) return;
    // The first start with notes: the customers there are, noted in pages. Two replicas doing this
    // at once note them twice, which changes nothing.
    const rows: DirectoryRow[] = [];
    for await (const customer of this.customers.find({}, { name: 1, externalId: 1, status: 1, contacts: 1, termsHistory: 1, version: 1 }).lean<WrittenCustomer>().cursor()) {
      rows.push(directoryRowOf(customer));
    }
    this.order.apply(rows);
    await this.note(rows);
    await this.seedMarks.append(SEEDED, [{ customers: this.order.size }]);
    this.logger.log(`the directory's order was seeded with ${this.order.size} customers`);
  }

  private async note(rows: DirectoryRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += NOTE_PAGE) await this.pages.append(NOTES, rows.slice(i, i + NOTE_PAGE));
  }

  /**
   * Applies the notes written since this replica last looked, all at once (at start that is the
   * whole directory: one sort, not a placement per row); one caller reads, the others wait for it.
   */
  private catchUp(readAhead = 2): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        const rows: DirectoryRow[] = [];
        let pages = 0;
        for await (const page of this.pages.read(NOTES, readAhead, this.position)) {
          rows.push(...page);
          pages++;
        }
        this.order.apply(rows);
        this.position += pages;
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }
}
