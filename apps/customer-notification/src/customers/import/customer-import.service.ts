import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo } from 'mongoose';
import { AuditTrail } from '@forewarn/audit';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import { Customer } from '../customer.schema';
import { auditedFields, customerEntry, CustomersService, recipientOf } from '../customers.service';
import { DirectoryEvents } from '../directory-events';
import { CustomerDirectoryOrder } from '../directory-order/customer-directory-order';
import { ParsedImport, RejectedRow } from './import-rows';
import { PlannedCustomer, PlannedUpdate, planImport } from './import-plan';

const INSERT_BATCH = 1000;
const ANNOUNCE_BATCH = 1000;

export interface ImportedCustomer {
  id: string;
  externalId: string;
  rows: number[];
}

export interface ImportReport {
  rows: number;
  created: ImportedCustomer[];
  updated: (ImportedCustomer & { changed: string[] })[];
  unchanged: ImportedCustomer[];
  rejected: RejectedRow[];
}

const imported = ({ customer, rows }: PlannedCustomer): ImportedCustomer => ({ id: customer._id, externalId: customer.externalId, rows });

/**
 * Upserts a directory file by externalId with operations that stay cheap on FerretDB: one scan
 * loads the existing customers, new ones go in with `insertMany`, and only customers the file
 * changes get a write (a field-level `updateOne` by id: a scan on FerretDB, about 0.2 s at 15,000
 * customers, so a file that changes thousands of customers is slow there and fast on MongoDB). Rows are checked one by one, so a
 * bad row is reported and the good ones still land.
 */
@Injectable()
export class CustomerImportService {
  constructor(
    @InjectModel(Customer.name) private readonly customers: Model<Customer>,
    private readonly directory: DirectoryEvents,
    private readonly directoryWrites: CustomersService,
    private readonly order: CustomerDirectoryOrder,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async import(parsed: ParsedImport, actor: string): Promise<ImportReport> {
    const existing = new Map<string, Customer>();
    for await (const c of this.customers.find().lean<Customer>().cursor()) existing.set(c.externalId, c);
    const stamp = { now: this.clock.now(), actor };
    const plan = planImport(parsed, existing, stamp);

    const reason = 'another request created a customer with this externalId during the import; import the row again to update it';
    const created = await this.insert(plan.create, (p) =>
      plan.rejected.push(...p.rows.map((row) => ({ row, externalId: p.customer.externalId, field: 'externalId', reason }))),
    );
    await this.order.noteWritten(created.map((p) => p.customer));
    const updated = await this.applyUpdates(plan.update, actor);

    await this.audit.recordMany([
      ...created.map((p) => ({ ...customerEntry('customer.imported', p.customer), changes: { created: auditedFields(p.customer) } })),
      ...updated.map((p) => ({ ...customerEntry('customer.imported', p.customer), changes: { changed: p.changed, ...auditedFields(p.customer) } })),
    ]);

    const joined = [...created, ...updated].flatMap((p) => p.joined.map((c) => recipientOf(p.customer, c)));
    for (let i = 0; i < joined.length; i += ANNOUNCE_BATCH) await this.directory.contactsAdded(joined.slice(i, i + ANNOUNCE_BATCH));

    return {
      rows: parsed.total,
      created: created.map(imported),
      updated: updated.map((p) => ({ ...imported(p), changed: p.changed })),
      unchanged: plan.unchanged.map(imported),
      rejected: plan.rejected.sort((a, b) => a.row - b.row),
    };
  }

  /** Inserts in batches; a customer another request created meanwhile is reported, not lost. */
  private async insert(planned: PlannedCustomer[], onDuplicate: (p: PlannedCustomer) => void): Promise<PlannedCustomer[]> {
    const done: PlannedCustomer[] = [];
    for (let i = 0; i < planned.length; i += INSERT_BATCH) {
      const batch = planned.slice(i, i + INSERT_BATCH);
      let failed = new Set<number>();
      try {
        // The driver's own insertMany: the documents are complete, and mongoose would hydrate each.
        const documents = batch.map((p) => p.customer) as unknown as mongo.OptionalId<mongo.Document>[];
        await this.customers.collection.insertMany(documents, { ordered: false });
      } catch (e) {
        if (!(e instanceof mongo.MongoBulkWriteError) || !isDuplicateKeyError(e)) throw e;
        const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
        if (errors.some((w) => !isDuplicateKeyError(w))) throw e;
        failed = new Set(errors.map((w) => w.index));
      }
      batch.forEach((p, index) => (failed.has(index) ? onDuplicate(p) : done.push(p)));
    }
    return done;
  }

  /**
   * One write per changed customer, through the directory's write path (the customer's write
   * queue, applied to the customer as stored then); the entries are recorded in bulk after.
   */
  private async applyUpdates(planned: PlannedUpdate[], actor: string): Promise<PlannedUpdate[]> {
    for (const p of planned) p.customer = (await this.directoryWrites.change(p.customer._id, actor, () => p.change)).after;
    return planned;
  }
}
