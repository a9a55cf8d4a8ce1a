import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@forewarn/platform';
import { Breach, PendingTimelineEntry } from '../breaches/breach.schema';
import { BreachWriteQueue } from '../breaches/breach-write-queue';
import { ChainVerdict, link, verifyChain } from './domain/timeline-chain';
import { TimelineEntry, timelineEntryId } from './timeline-entry.schema';

/**
 * Moves each breach's pending timeline entries (written in the same update as the change they
 * describe) onto its hash chain, in order. Only inserts and reads by `_id` touch the growing
 * `timeline_entries` collection; the small `breaches` collection takes the pops.
 */
@Injectable()
export class TimelineService {
  /** Last sequence number seen per breach: where probing for the head starts. */
  private readonly knownHeads = new Map<string, number>();

  constructor(
    @InjectModel(TimelineEntry.name) private readonly entries: Model<TimelineEntry>,
    @InjectModel(Breach.name) private readonly breaches: Model<Breach>,
    private readonly queue: BreachWriteQueue,
  ) {}

  /** Chains the breach's pending entries, in the breach's write queue. */
  flush(breachId: string): Promise<void> {
    return this.queue.run(breachId, () => this.chainPending(breachId));
  }

  /** The whole chain, oldest first (pending entries are chained first). */
  async list(breachId: string): Promise<TimelineEntry[]> {
    await this.flush(breachId);
    const chain: TimelineEntry[] = [];
    for (let seq = 1; ; seq++) {
      const entry = await this.entries.findById(timelineEntryId(breachId, seq)).lean<TimelineEntry>();
      if (!entry) break;
      chain.push(entry);
    }
    return chain;
  }

  async verify(breachId: string): Promise<ChainVerdict & { brokenEntryId?: string }> {
    const verdict = verifyChain(await this.list(breachId));
    return verdict.valid ? verdict : { ...verdict, brokenEntryId: timelineEntryId(breachId, verdict.brokenAt) };
  }

  /** Chains the pending entries; the caller holds the breach's write queue. */
  async chainPending(breachId: string): Promise<void> {
    const breach = await this.breaches.findById(breachId, { timelinePending: 1 }).lean<Pick<Breach, 'timelinePending'>>();
    for (const pending of breach?.timelinePending ?? []) {
      await this.append(breachId, pending);
      // Guarded by the entry id: a concurrent flush may already have popped it.
      await this.breaches.updateOne({ _id: breachId, 'timelinePending.0.entryId': pending.entryId }, { $pop: { timelinePending: -1 } });
    }
  }

  private async append(breachId: string, pending: PendingTimelineEntry): Promise<void> {
    for (;;) {
      const head = await this.head(breachId);
      if (head?.entryId === pending.entryId) return; // chained before a crash cut the pop short
      const entry = link(head, { breachId, at: new Date(pending.at), actor: pending.actor, kind: pending.kind, text: pending.text });
      try {
        await this.entries.create({ _id: timelineEntryId(breachId, entry.seq), ...entry, entryId: pending.entryId });
        this.knownHeads.set(breachId, entry.seq);
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // another replica took this place; chain after its entry
      }
    }
  }

  /** The last entry: probes forward by `_id` from the last sequence number this process saw. */
  private async head(breachId: string): Promise<TimelineEntry | undefined> {
    let seq = this.knownHeads.get(breachId) ?? 0;
    let head = seq ? ((await this.entries.findById(timelineEntryId(breachId, seq)).lean<TimelineEntry>()) ?? undefined) : undefined;
    for (;;) {
      const next = await this.entries.findById(timelineEntryId(breachId, seq + 1)).lean<TimelineEntry>();
      if (!next) break;
      head = next;
      seq += 1;
    }
    this.knownHeads.set(breachId, seq);
    return head;
  }
}
