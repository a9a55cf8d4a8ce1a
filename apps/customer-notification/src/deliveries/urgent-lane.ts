import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SendLaneMark } from './delivery-records.schema';

const MARK_ID = 'urgent';
/** How long a mark holds bulk mail after its last renewal: a replica that dies mid-work stops holding others after this. */
const MARK_MS = 2000;
const RENEW_MS = 500;
/** How often a replica reads the mark; its bulk senders take up to this long to notice urgent work elsewhere. */
const READ_MS = 250;

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The priority lane across replicas. Urgent work in hand here holds this replica's bulk senders at
 * once; it also renews a shared mark (one document, written and read by `_id`) that holds every
 * other replica's bulk senders within a read interval. Each replica keeps to its own share of the
 * SES quota throughout, so the account's quota holds at every moment; the urgent emails get the
 * shares of the replicas that have them. Time is the wall clock: like leases and the SES quota,
 * the mark is about real time between processes, not the business clock.
 */
@Injectable()
export class UrgentLane implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(UrgentLane.name);
  private inHand = 0;
  private elsewhereUntilMs = 0;
  private reading?: NodeJS.Timeout;
  private renewing?: NodeJS.Timeout;

  constructor(@InjectModel(SendLaneMark.name) private readonly marks: Model<SendLaneMark>) {}

  onApplicationBootstrap(): void {
    this.reading = setInterval(() => void this.readMark(), READ_MS);
    this.reading.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.reading);
    clearInterval(this.renewing);
  }

  /** Whether bulk mail must wait: urgent work is in hand here, or marked by another replica. */
  bulkHeld(): boolean {
    return this.inHand > 0 || this.elsewhereUntilMs > Date.now();
  }

  /** Runs urgent work, holding bulk mail here and on every replica while it lasts. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    if (this.inHand++ === 0) {
      void this.renewMark();
      this.renewing = setInterval(() => void this.renewMark(), RENEW_MS);
    }
    try {
      return await work();
    } finally {
      if (--this.inHand === 0) clearInterval(this.renewing);
    }
  }

  private async renewMark(): Promise<void> {
    try {
      await this.marks.updateOne({ _id: MARK_ID }, { $max: { busyUntilMs: Date.now() + MARK_MS } }, { upsert: true });
    } catch (e) {
      // Others keep sending bulk mail until the database is back; this replica still holds its own.
      this.logger.warn(`could not mark urgent email work for the other replicas: ${reasonOf(e)}`);
    }
  }

  private async readMark(): Promise<void> {
    try {
      const mark = await this.marks.collection.findOne<SendLaneMark>({ _id: MARK_ID } as never);
      this.elsewhereUntilMs = mark?.busyUntilMs ?? 0;
    } catch {
      // The last mark read stands; it runs out by itself.
    }
  }
}
