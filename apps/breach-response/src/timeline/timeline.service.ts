import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AuditTrail } from '@forewarn/audit';
import { BreachEventTypes } from '@forewarn/contracts';
import { EventStager, OutboxRelay } from '@forewarn/messaging';
import { Clock, DocumentWriteQueue, isDuplicateKeyError, PendingArrayRelay, SERVICE_CONFIG } from '@forewarn/platform';
import { BreachConfig } from '../breach.config';
import { Breach, PendingTimelineEntry } from '../breaches/breach.schema';
import { ChainHead, ChainVerdict, HeadsVerdict, link, TimelineLink, verifyChain, verifyPublishedHeads } from './domain/timeline-chain';
import { TimelineEntry, timelineEntryId } from './timeline-entry.schema';

/** Entries read by `_id` at once when a timeline is listed. */
const READ_PARALLEL = 20;
const HEAD_RECORDED = 'breach.timeline-head-recorded';

export type TimelineVerdict = ChainVerdict & { brokenEntryId?: string; chain: ChainVerdict; publishedHeads: HeadsVerdict };

/**
 * Moves each breach's pending timeline entries (staged in the same update as the change they
 * describe) onto its hash chain, in order, and records the new head with the breach in the same
 * update that pops them. Only inserts and reads by `_id` touch the growing `timeline_entries`
 * collection; the small `breaches` collection takes the pops. It is one of the aggregate store's
 * relays, so its flushes run in the breach's write queue and its sweep picks up what a crash left.
 *
 * Each new head is published on the breach topic and written to the audit trail before the pop
 * (again, under the same ids, if a crash repeats the flush), so a copy of every head the chain
 * ever had is kept apart from the chain.
 */
@Injectable()
export class TimelineService extends PendingArrayRelay<PendingTimelineEntry> {
  constructor(
    @InjectModel(TimelineEntry.name) private readonly entries: Model<TimelineEntry>,
    @InjectModel(Breach.name) private readonly breaches: Model<Breach>,
    @Inject(SERVICE_CONFIG) config: BreachConfig,
    writes: DocumentWriteQueue,
    private readonly events: EventStager,
    private readonly outbox: OutboxRelay,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {
    super({ name: 'timeline', field: 'timelinePending', idPath: 'entryId', sweepIntervalMs: config.OUTBOX_SWEEP_INTERVAL_MS }, writes);
  }

  protected override async deliver(pending: PendingTimelineEntry[], breachId: unknown): Promise<Record<string, unknown>> {
    const id = String(breachId);
    let head = await this.recordedHead(id);
    for (const entry of pending) head = await this.append(id, entry, head);
    const timelineHead: ChainHead = { seq: head!.seq, hash: head!.hash };
    await this.publishHead(id, timelineHead);
    return { timelineHead };
  }

  private async publishHead(breachId: string, head: ChainHead): Promise<void> {
    const recordedAt = this.clock.now();
    const id = `${breachId}:timeline-head:${head.seq}`;
    await Promise.all([
      this.outbox.publish([this.events.stage(BreachEventTypes.timelineHeadRecorded, { breachId, ...head, recordedAt: recordedAt.toISOString() }, { id })]),
      this.audit.record({ action: HEAD_RECORDED, entityType: 'breach', entityId: breachId, summary: `timeline entry ${head.seq}`, changes: { ...head } }, { id }),
    ]);
  }

  /**
   * Every head published for the breach, as the audit trail kept them. The breach's entries are
   * read as a stream and only the heads kept: a notice to 100,000 contacts leaves far more entries
   * of other kinds than heads.
   */
  private async publishedHeads(breachId: string): Promise<ChainHead[]> {
    const heads: ChainHead[] = [];
    for await (const entry of this.audit.stream({ entityType: 'breach', entityId: breachId })) {
      if (entry.action === HEAD_RECORDED) heads.push(entry.changes as unknown as ChainHead);
    }
    return heads;
  }

  /** The chain as stored, oldest first, with pending entries chained first. Entries after a gap are still listed. */
  async list(breachId: string): Promise<TimelineEntry[]> {
    await this.flush(this.breaches, breachId);
    const head = await this.recordedHead(breachId);
    const found: TimelineEntry[] = [];
    const upTo = head?.seq ?? 0;
    for (let from = 1; from <= upTo; from += READ_PARALLEL) {
      const seqs = Array.from({ length: Math.min(READ_PARALLEL, upTo - from + 1) }, (_, i) => from + i);
      const read = await Promise.all(seqs.map((seq) => this.entryAt(breachId, seq)));
      found.push(...read.filter((e): e is TimelineEntry => e !== null));
    }
    // Past the recorded head: a breach logged before heads were recorded, or entries slipped in.
    for (let seq = upTo + 1; ; seq++) {
      const entry = await this.entryAt(breachId, seq);
      if (!entry) break;
      found.push(entry);
    }
    return found;
  }

  /**
   * The chain against the head recorded with the breach, and the stored entries against every
   * head published as the chain grew; the first problem of either is the answer's.
   */
  async verify(breachId: string): Promise<TimelineVerdict> {
    return (await this.listVerified(breachId)).verdict;
  }

  /** The stored entries and their verification from one read of them (an evidence bundle holds both). */
  async listVerified(breachId: string): Promise<{ entries: TimelineEntry[]; verdict: TimelineVerdict }> {
    const entries = await this.list(breachId);
    return { entries, verdict: await this.verdictOf(breachId, entries) };
  }

  private async verdictOf(breachId: string, entries: TimelineEntry[]): Promise<TimelineVerdict> {
    const chain = verifyChain(entries, await this.recordedHead(breachId));
    const publishedHeads = verifyPublishedHeads(entries, await this.publishedHeads(breachId));
    const first: ChainVerdict =
      !chain.valid || publishedHeads.valid ? chain : { valid: false, entries: entries.length, brokenAt: publishedHeads.brokenAt, reason: publishedHeads.reason };
    return first.valid ? { ...first, chain, publishedHeads } : { ...first, brokenEntryId: timelineEntryId(breachId, first.brokenAt), chain, publishedHeads };
  }

  /** Chains one entry after `head`; a place already taken is walked past (another flush, or a crash before the pop). */
  private async append(breachId: string, pending: PendingTimelineEntry, head: ChainHead | undefined): Promise<ChainHead> {
    for (;;) {
      const entry: TimelineLink = link(head, { breachId, entryId: pending.entryId, at: new Date(pending.at), actor: pending.actor, kind: pending.kind, text: pending.text });
      try {
        await this.entries.create({ _id: timelineEntryId(breachId, entry.seq), ...entry });
        return entry;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const taken = (await this.entryAt(breachId, entry.seq))!;
        if (taken.entryId === pending.entryId) return taken; // chained before a crash cut the pop short
        head = taken;
      }
    }
  }

  private async recordedHead(breachId: string): Promise<ChainHead | undefined> {
    const breach = await this.breaches.findById(breachId, { timelineHead: 1 }).lean<Pick<Breach, 'timelineHead'>>();
    return breach?.timelineHead ?? undefined;
  }

  private entryAt(breachId: string, seq: number): Promise<TimelineEntry | null> {
    return this.entries.findById(timelineEntryId(breachId, seq)).lean<TimelineEntry>().exec();
  }
}
