import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Clock } from '@forewarn/platform/clock/clock';
import { SERVICE_CONFIG, SERVICE_NAME } from '@forewarn/platform/config/config.tokens';
import type { ServiceConfig } from '@forewarn/platform/config/service-config';
import { requestContext } from '@forewarn/platform/context/request-context';
import { DocumentWriteQueue } from '@forewarn/platform/database/document-write-queue';
import { GroupedInserts } from '@forewarn/platform/database/grouped-inserts';
import { insertNew } from '@forewarn/platform/database/insert-new';
import { PendingArrayRelay } from '@forewarn/platform/database/pending-array-relay';
import { AUDIT_ENTRY_MODEL, StoredAuditEntry } from './audit-entry.schema';
import { AuditEntry, auditFilterOf, AuditQuery, AuditRecord, normaliseAuditRecord } from './domain/audit-entry';

/** Rows per insert when a bulk import records its entries. */
const RECORD_MANY_CHUNK = 1000;

/**
 * The service's append-only audit trail: who did what, when, to which entity. Entries are only
 * ever inserted (under their id, so a repeated flush is harmless) and read.
 *
 * A write on an aggregate stages its entry and stores it on the document with the state change
 * (`withAuditTrail`, `$push: { auditPending: entry }`), then calls `flushSoon`; a periodic sweep of
 * tracked models (every AUDIT_SWEEP_INTERVAL_MS) moves what a crash left behind. Writes with no
 * aggregate call `record`.
 */
@Injectable()
export class AuditTrail extends PendingArrayRelay<AuditEntry> {
  /** Entries recorded at once (one per event a consumer has in flight) share an insert. */
  private readonly recorded: GroupedInserts<StoredAuditEntry>;

  constructor(
    @InjectModel(AUDIT_ENTRY_MODEL) private readonly entries: Model<StoredAuditEntry>,
    private readonly clock: Clock,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    writes: DocumentWriteQueue,
  ) {
    super({ name: 'audit', field: 'auditPending', idPath: 'id', sweepIntervalMs: config.AUDIT_SWEEP_INTERVAL_MS }, writes);
    this.recorded = new GroupedInserts(entries);
  }

  /**
   * Builds the entry for a write about to happen: the actor and correlation id of the request or
   * event in progress (`system:<service>` outside one), the time from the clock. Store it with the
   * write itself, then call `flushSoon`.
   */
  stage(record: AuditRecord): AuditEntry {
    const ctx = requestContext.current();
    return {
      id: randomUUID(),
      at: this.clock.now(),
      actor: ctx?.actor ?? `system:${this.serviceName}`,
      ...(ctx?.correlationId ? { correlationId: ctx.correlationId } : {}),
      service: this.serviceName,
      ...normaliseAuditRecord(record),
    };
  }

  // track(model), flush(model, id), flushSoon(model, id) and sweep() come from PendingArrayRelay:
  // flushing inserts a document's pending entries under their ids (a duplicate is already there).
  protected override async deliver(pending: AuditEntry[]): Promise<void> {
    await insertNew(this.entries, pending.map(storedOf));
  }

  /**
   * Records a write that has no aggregate document to carry its entry. With an `id` derived from
   * what happened, recording it again (a retried handler) keeps the one entry.
   */
  async record(record: AuditRecord, { id }: { id?: string } = {}): Promise<void> {
    await this.recorded.insert(storedOf({ ...this.stage(record), ...(id ? { id } : {}) }));
  }

  /** Records the entries of a bulk write (an import of 10,000 rows) with a few large inserts. */
  async recordMany(records: AuditRecord[]): Promise<void> {
    const staged = records.map((r) => storedOf(this.stage(r)));
    for (let i = 0; i < staged.length; i += RECORD_MANY_CHUNK) {
      await this.entries.collection.insertMany(staged.slice(i, i + RECORD_MANY_CHUNK) as never[], { ordered: false });
    }
  }

  /** Entries matching every given criterion, oldest first, read as they are consumed: an export of any length. */
  async *stream(query: AuditQuery): AsyncIterable<AuditEntry> {
    for await (const { _id, ...rest } of this.entries.find(auditFilterOf(query)).sort({ at: 1, _id: 1 }).lean<StoredAuditEntry[]>().cursor({ batchSize: 500 })) {
      yield { id: _id, ...rest } as AuditEntry;
    }
  }

  /** Entries matching every given criterion, newest first. A full scan on FerretDB: a report, not a hot path. */
  async find(query: AuditQuery, limit: number): Promise<AuditEntry[]> {
    const found = await this.entries.find(auditFilterOf(query)).sort({ at: -1, _id: -1 }).limit(limit).lean<StoredAuditEntry[]>();
    return found.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }
}

function storedOf({ id, ...rest }: AuditEntry): StoredAuditEntry {
  return { _id: id, ...rest };
}
