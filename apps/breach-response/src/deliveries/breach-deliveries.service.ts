import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupCommit, insertNew } from '@forewarn/platform';
import { BreachDelivery, DELIVERY_STATUSES, DeliveryStatus, NoticeDeliveryMark, NoticeDeliveryTally } from './breach-delivery.schema';

export type DeliveryCounts = Record<DeliveryStatus, number> & { customers: number; contacts: number };

/** Steps remembered on a tally: enough for the events in hand (one per partition and replica) that a crash or a retry can repeat. */
const RECENT_STEPS = 200;

/** Marks whose first step this process knows: marks never change once inserted, so a known one needs no database. */
const KNOWN_MARKS = 50_000;

type Bump = Partial<Record<keyof DeliveryCounts, number>>;
interface Counting {
  notice: string;
  breachId: string;
  stepId: string;
  bump: Bump;
  counted?: boolean;
}

/**
 * Delivery progress of breach notices, reported back by the notification service. Every step is
 * an insert under a deterministic `_id` (the evidence). Counting it is idempotent as a unit: the
 * first-seen marks remember the step that set them, and the notice's tally remembers the last
 * steps it counted, so a handler that failed after the insert, or an event redelivered after a
 * crash, counts each step exactly once. Steps arriving together (one per partition) are counted
 * with one tally write per notice: concurrent writers of one tally only fought over its version.
 */
@Injectable()
export class BreachDeliveriesService {
  private readonly counting = new GroupCommit<Counting>((steps) => this.countAll(steps));
  private readonly firstStepOf = new Map<string, string>();

  constructor(
    @InjectModel(BreachDelivery.name) private readonly deliveries: Model<BreachDelivery>,
    @InjectModel(NoticeDeliveryTally.name) private readonly tallies: Model<NoticeDeliveryTally>,
    @InjectModel(NoticeDeliveryMark.name) private readonly marks: Model<NoticeDeliveryMark>,
  ) {}

  /**
   * Stores one step and counts it. Answers whether it was counted now (false: a redelivered
   * event) and whether it is the first email of its notice SES accepted for its customer (true
   * again when the same step is retried, so what hangs on it can be retried too).
   */
  async record(step: Omit<BreachDelivery, '_id'>): Promise<{ counted: boolean; customerReached: boolean }> {
    const stepId = `${step.deliveryId}:${step.status}`;
    await insertNew(this.deliveries, [{ _id: stepId, ...step }]); // already there: an earlier try stored it
    const notice = step.sourceEventId;
    const bump: Bump = { [step.status]: 1 };
    for (const mark of [
      { _id: `contact:${notice}:${step.customerId}/${step.contactId}`, kind: 'contacts' as const },
      { _id: `customer:${notice}:${step.customerId}`, kind: 'customers' as const },
    ]) {
      if (await this.markedBy(mark, stepId)) bump[mark.kind] = 1;
    }
    const customerReached = step.status === 'sent' && (await this.markedBy({ _id: `reached:${notice}:${step.customerId}`, kind: 'reached' }, stepId));
    const counting: Counting = { notice, breachId: step.breachId, stepId, bump };
    await this.counting.add(counting);
    return { counted: counting.counted === true, customerReached };
  }

  /** Whether this step is the first of its contact (or customer): it set the mark, now or on an earlier try. */
  private async markedBy(mark: { _id: string; kind: NoticeDeliveryMark['kind'] }, stepId: string): Promise<boolean> {
    let firstStep = this.firstStepOf.get(mark._id);
    if (firstStep === undefined) {
      const inserted = (await insertNew(this.marks, [{ ...mark, firstStep: stepId }])).length === 1;
      firstStep = inserted ? stepId : (await this.marks.findById(mark._id).lean<NoticeDeliveryMark>())?.firstStep;
      if (firstStep === undefined) return false;
      if (this.firstStepOf.size >= KNOWN_MARKS) this.firstStepOf.delete(this.firstStepOf.keys().next().value as string);
      this.firstStepOf.set(mark._id, firstStep);
    }
    return firstStep === stepId;
  }

  private async countAll(steps: Counting[]): Promise<void> {
    const byNotice = new Map<string, Counting[]>();
    for (const step of steps) byNotice.set(step.notice, [...(byNotice.get(step.notice) ?? []), step]);
    await Promise.all([...byNotice.values()].map((noticeSteps) => this.count(noticeSteps)));
  }

  /** Adds the steps to their notice's tally, each unless the tally counted it already; guarded by the tally's version. */
  private async count(steps: Counting[]): Promise<void> {
    const { notice, breachId } = steps[0];
    for (;;) {
      const tally = await this.tallies.findById(notice).lean<NoticeDeliveryTally>();
      const fresh = steps.filter((s, i) => !tally?.recent?.includes(s.stepId) && steps.findIndex((t) => t.stepId === s.stepId) === i);
      for (const step of steps) step.counted = fresh.includes(step);
      if (fresh.length === 0) return;
      const bump: Bump = {};
      for (const step of fresh) for (const [kind, n] of Object.entries(step.bump) as [keyof DeliveryCounts, number][]) bump[kind] = (bump[kind] ?? 0) + n;
      const recent = [...(tally?.recent ?? []), ...fresh.map((s) => s.stepId)].slice(-RECENT_STEPS);
      if (!tally) {
        const [created] = await insertNew(this.tallies, [{ _id: notice, breachId, ...bump, version: 1, recent }]);
        if (created) return;
        continue; // another replica created it first
      }
      const counted = await this.tallies.updateOne({ _id: notice, version: tally.version ?? null }, { $inc: { ...bump, version: 1 }, $set: { recent } });
      if (counted.modifiedCount === 1) return;
    }
  }

  /** Counts per notice (by the id of the event that requested it): emails that reached each status. */
  async progressOf(noticeEventIds: string[]): Promise<Map<string, DeliveryCounts>> {
    const progress = new Map<string, DeliveryCounts>();
    for (const id of noticeEventIds) {
      const tally = await this.tallies.findById(id).lean<NoticeDeliveryTally>();
      if (!tally) continue;
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, tally[s] ?? 0])) as DeliveryCounts;
      progress.set(id, { ...counts, customers: tally.customers ?? 0, contacts: tally.contacts ?? 0 });
    }
    return progress;
  }
}
