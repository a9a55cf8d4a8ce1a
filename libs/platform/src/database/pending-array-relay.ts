import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Model } from 'mongoose';
import { DocumentWriteQueue } from './document-write-queue';

export interface PendingArrayRelayOptions {
  /** Used in log lines: `outbox`, `audit`. */
  name: string;
  /** The array on the aggregate document that holds entries waiting to be relayed. */
  field: string;
  /** Path of an entry's unique id inside the entry, e.g. `event.id` or `id`. */
  idPath: string;
  sweepIntervalMs: number;
  /** How many documents one sweep looks at per model (the sweep is a full scan on FerretDB). */
  sweepBatch?: number;
}

type Holder<T> = { _id: unknown } & Record<string, T[] | undefined>;

/**
 * A sweep runs at the next interval after a flush of this process failed; otherwise only every
 * this many intervals, for what another replica's crash left (it sweeps itself when it restarts).
 * On FerretDB a sweep reads and decodes every document of the collection: every 2 s on a
 * breaches collection of large notices it was half the database's CPU.
 */
const BACKSTOP_EVERY = 30;

/**
 * The mechanics shared by the outbox and the audit trail. A write stores entries in an array on
 * the aggregate document, in the same single-document update as the state change, so both are
 * stored or lost together without transactions. Right after the write, `flushSoon` delivers them
 * and pops them off; a periodic sweep does the same for whatever a crash left behind. Delivery is
 * at-least-once (a crash between delivery and pop repeats it), never lost.
 *
 * Every flush, the sweep's included, runs in the document's `DocumentWriteQueue`: on FerretDB a pop
 * racing a write of the same document can lose one of them. Writers wrap their aggregate writes in
 * the same queue; a flush awaited inside such a write joins it.
 *
 * A subclass says where entries go (`deliver`); the sweep runs while the application does.
 */
export abstract class PendingArrayRelay<T> implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: Logger;
  /** Tracked models, and whether the periodic sweep looks at them (or only the one at start). */
  private readonly models = new Map<Model<any>, { periodic: boolean }>();
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  /** A flush failed since the last sweep began: entries wait on some document. */
  private leftoversKnown = false;

  protected constructor(
    private readonly options: PendingArrayRelayOptions,
    private readonly writes: DocumentWriteQueue,
  ) {
    this.logger = new Logger(`${options.name}-relay`);
  }

  /**
   * Sends the entries of one document somewhere durable, in order. Must be idempotent: a crash can
   * repeat it. What it returns is set on the document with the pops (the timeline's new head).
   */
  protected abstract deliver(entries: T[], holderId: unknown): Promise<Record<string, unknown> | void>;

  /** The array this relay drains. */
  get field(): string {
    return this.options.field;
  }

  /**
   * Registers an aggregate model whose documents carry the array. The sweep at start always looks
   * at it; the periodic one only if `periodic` (a collection that grows with the business, where a
   * sweep is a scan of seconds on FerretDB, is left to the start sweep and to its next write).
   */
  track(model: Model<any>, { periodic = true } = {}): void {
    this.models.set(model, { periodic });
  }

  /** Delivers the pending entries of one document, then removes those that were delivered. */
  flush(model: Model<any>, id: unknown): Promise<void> {
    return this.writes.run(model, id, async () => {
      try {
        const doc = (await model.findById(id, { [this.options.field]: 1 }).lean()) as Holder<T> | null;
        const pending = doc?.[this.options.field];
        if (pending?.length) await this.relay(model, doc!._id, pending);
      } catch (e) {
        this.leftoversKnown = true;
        throw e;
      }
    });
  }

  /**
   * Best-effort flush after a write: a failure here is retried by the sweep, not by the caller.
   * Called inside the write's run, it queues behind that run rather than joining it.
   */
  flushSoon(model: Model<any>, id: unknown): void {
    this.writes.later(() => this.flush(model, id)).catch((e: unknown) => this.logger.warn(`flush deferred to the sweep: ${messageOf(e)}`));
  }

  /** Relays what a crash or a failed flush left; `everything` includes the models swept only at start. */
  async sweep(everything = false): Promise<void> {
    const { field, sweepBatch = 100 } = this.options;
    for (const [model, { periodic }] of this.models) {
      if (!periodic && !everything) continue;
      // '<field>.0' exists only while the array holds at least one entry.
      const docs = (await model.find({ [`${field}.0`]: { $exists: true } }, { _id: 1 }).limit(sweepBatch).lean()) as Holder<T>[];
      // Each document is read again inside its queue: a flush may have relayed it since the scan.
      for (const doc of docs) await this.flush(model, doc._id);
    }
  }

  private async relay(model: Model<any>, id: unknown, pending: T[]): Promise<void> {
    const { field, idPath } = this.options;
    const set = (await this.deliver(pending, id)) ?? undefined;
    // Entries are appended in order and delivered in order, so the delivered ones are at the head
    // of the array. Pop them one by one, each guarded by its id: a conditional $pull would be
    // simpler but FerretDB ignores conditions in $pull, and this form works on both.
    for (const entry of pending) {
      const popped = await model.updateOne({ _id: id, [`${field}.0.${idPath}`]: valueAt(entry, idPath) }, { $pop: { [field]: -1 }, ...(set ? { $set: set } : {}) });
      if (popped.modifiedCount === 0) break; // someone else (another replica's sweep) removed it first
    }
  }

  onApplicationBootstrap(): void {
    const pass = (everything: boolean) => {
      if (this.sweeping) return; // a failure known now stays known for the next pass
      this.leftoversKnown = false;
      this.sweeping = this.sweep(everything)
        .catch((e: unknown) => {
          this.leftoversKnown = true;
          this.logger.warn(`sweep failed: ${messageOf(e)}`);
        })
        .finally(() => (this.sweeping = undefined));
    };
    pass(true); // what a crash before this start left, on every tracked model
    let intervals = 0;
    this.sweepTimer = setInterval(() => {
      if (++intervals % BACKSTOP_EVERY === 0 || this.leftoversKnown) pass(false);
    }, this.options.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
  }
}

function valueAt(entry: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], entry);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
