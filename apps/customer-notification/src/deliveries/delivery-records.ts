import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { GroupCommit, insertNew, ReplicaLiveness } from '@forewarn/platform';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { Delivery, DeliverySourceType, OutgoingNotice } from './delivery.schema';
import { DeliveryClaim, DeliveryOutcome, DeliveryProgress, OutcomeKind, SenderReplica, SesMessage } from './delivery-records.schema';
import { OutcomeIndex } from './outcome-index';
import { Addressee, ProofPages } from './proof-pages';

type Tally = Omit<DeliveryProgress, '_id' | 'sourceId'>;

/** Which emails a report covers; every field given must match. */
export interface ReportFilter {
  sourceId?: string;
  customerId?: string;
  sourceType?: DeliverySourceType;
}

/** Documents fetched per round trip while a report streams. */
const REPORT_BATCH = 1000;

const reportQuery = (filter: ReportFilter) => Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Record<string, string>;
// Outcomes carry no source type: the deliveries they join with do.
const outcomeQuery = ({ sourceType: _, ...filter }: ReportFilter) => reportQuery(filter);

type TallyField = keyof Tally;

export interface SentRecord {
  email: Addressee;
  outcome: DeliveryOutcome;
  sesMessage: SesMessage;
}

/**
 * The delivery records, written only with inserts under deterministic `_id`s and read by `_id`;
 * the only scans are in the deliveries report and over the small progress collection. Each
 * record is shadowed by a row on the event's proof pages, written first.
 */
@Injectable()
export class DeliveryRecords implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryRecords.name);
  /** This replica's name in claims and progress documents. */
  readonly replica = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  /** This replica's heartbeat, and whether the owner of a claim is still working. */
  readonly liveness: ReplicaLiveness;
  private readonly sentRecords: GroupCommit<SentRecord>;
  private readonly failures: GroupCommit<{ email: Addressee; outcome: DeliveryOutcome }>;
  private tallies = new Map<string, Tally>();
  private progressWrite: Promise<void> = Promise.resolve();
  private readonly progressTimer: NodeJS.Timeout;

  constructor(
    @InjectModel(OutgoingNotice.name) private readonly notices: Model<OutgoingNotice>,
    @InjectModel(Delivery.name) private readonly deliveries: Model<Delivery>,
    @InjectModel(DeliveryClaim.name) readonly claims: Model<DeliveryClaim>,
    @InjectModel(DeliveryOutcome.name) private readonly outcomes: Model<DeliveryOutcome>,
    @InjectModel(SesMessage.name) private readonly sesMessages: Model<SesMessage>,
    @InjectModel(DeliveryProgress.name) private readonly progress: Model<DeliveryProgress>,
    private readonly proofPages: ProofPages,
    @InjectModel(SenderReplica.name) replicas: Model<SenderReplica>,
  ) {
    this.liveness = new ReplicaLiveness(replicas, this.replica);
    this.sentRecords = new GroupCommit(async (records) => {
      await this.proofPages.attempts(records);
      await Promise.all([insertNew(this.outcomes, records.map((r) => r.outcome)), insertNew(this.sesMessages, records.map((r) => r.sesMessage))]);
    });
    this.failures = new GroupCommit(async (failures) => {
      await this.proofPages.attempts(failures);
      await insertNew(this.outcomes, failures.map((f) => f.outcome));
    });
    this.progressTimer = setInterval(() => void this.flushProgress().catch((e: unknown) => this.logger.warn(`progress not saved yet: ${String(e)}`)), 250);
    this.progressTimer.unref();
  }

  onApplicationBootstrap(): void {
    this.liveness.start();
  }

  async insertNotice(notice: OutgoingNotice): Promise<void> {
    await insertNew(this.notices, [notice]);
  }

  notice(id: string): Promise<OutgoingNotice | null> {
    return this.notices.findById(id).lean<OutgoingNotice>().exec();
  }

  /** Inserts the deliveries not yet stored; returns those that were new. */
  async insertDeliveries(deliveries: Delivery[]): Promise<Delivery[]> {
    const inserted = await insertNew(this.deliveries, deliveries);
    await this.proofPages.queued(inserted);
    return inserted;
  }

  delivery(id: string): Promise<Delivery | null> {
    return this.deliveries.findById(id).lean<Delivery>().exec();
  }

  /** Records that SES accepted an email; resolves once it is stored (batched with other sends). */
  recordSent(record: SentRecord): Promise<void> {
    return this.sentRecords.add(record);
  }

  /** Records a failure for good (batched with others); a second record of it is ignored. */
  recordFailure(email: Addressee, outcome: DeliveryOutcome): Promise<void> {
    return this.failures.add({ email, outcome });
  }

  /** Records what SES reported later; false when the same report was stored before. */
  async recordReport(email: Addressee, outcome: DeliveryOutcome): Promise<boolean> {
    await this.proofPages.report(email, outcome);
    return (await insertNew(this.outcomes, [outcome])).length === 1;
  }

  outcome(deliveryId: string, kind: OutcomeKind): Promise<DeliveryOutcome | null> {
    return this.outcomes.findById(`${deliveryId}:${kind}`).lean<DeliveryOutcome>().exec();
  }

  sesMessage(sesMessageId: string): Promise<SesMessage | null> {
    return this.sesMessages.findById(sesMessageId).lean<SesMessage>().exec();
  }

  /** Counts toward a source's progress; written with this replica's next progress update. */
  count(sourceId: string, field: TallyField, by = 1): void {
    if (by === 0) return;
    const tally = this.tallies.get(sourceId) ?? { total: 0, sent: 0, failed: 0, delivered: 0, bounced: 0, complained: 0 };
    tally[field] += by;
    this.tallies.set(sourceId, tally);
  }

  /** Writes this replica's counts: one `$inc` per source on its own document, one write at a time. */
  flushProgress(): Promise<void> {
    this.progressWrite = this.progressWrite.catch(() => undefined).then(async () => {
      if (this.tallies.size === 0) return;
      const tallies = this.tallies;
      this.tallies = new Map();
      const unsaved = new Map(tallies);
      try {
        for (const [sourceId, tally] of tallies) {
          await this.progress.updateOne({ _id: `${sourceId}:${this.replica}` }, { $setOnInsert: { sourceId }, $inc: tally }, { upsert: true });
          unsaved.delete(sourceId);
        }
      } catch (e) {
        for (const [sourceId, tally] of unsaved) for (const [field, n] of Object.entries(tally)) this.count(sourceId, field as TallyField, n);
        throw e;
      }
    });
    return this.progressWrite;
  }

  /** The counts of one source over every replica (a scan of the small progress collection). */
  async progressOf(sourceId: string): Promise<Tally> {
    await this.flushProgress();
    const docs = await this.progress.find({ sourceId }).lean<DeliveryProgress[]>().exec();
    const sum: Tally = { total: 0, sent: 0, failed: 0, delivered: 0, bounced: 0, complained: 0 };
    for (const d of docs) for (const field of Object.keys(sum) as TallyField[]) sum[field] += d[field] ?? 0;
    return sum;
  }

  /**
   * Reports: the facts recorded about every email matching the filter, by delivery id. One
   * streamed scan of the outcomes into a packed index.
   */
  async factsByDelivery(filter: ReportFilter): Promise<OutcomeIndex> {
    const index = new OutcomeIndex(false);
    // The driver's cursor: mongoose would wrap each of 100,000 documents for nothing.
    for await (const o of this.outcomes.collection.find<DeliveryOutcome>(outcomeQuery(filter), { batchSize: REPORT_BATCH })) index.add(o.deliveryId, o);
    return index;
  }

  /** Reports: the deliveries matching the filter, streamed in stored order (the order they were queued). */
  deliveriesMatching(filter: ReportFilter): AsyncIterable<Delivery> {
    return this.deliveries.collection.find<Delivery>(reportQuery(filter), { batchSize: REPORT_BATCH });
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.progressTimer);
    await this.flushProgress().catch(() => undefined);
  }
}
