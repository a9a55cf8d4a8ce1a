import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertNew } from '@forewarn/platform';
import { BreachDelivery, DELIVERY_STATUSES, DeliveryStatus, NoticeDeliveryMark, NoticeDeliveryTally } from './breach-delivery.schema';

export type DeliveryCounts = Record<DeliveryStatus, number> & { customers: number; contacts: number };

/** Steps remembered on a tally: enough for the one event per partition a crash or a retry can repeat. */
const RECENT_STEPS = 20;

/**
 * Delivery progress of breach notices, reported back by the notification service. Every step is
 * an insert under a deterministic `_id` (the evidence). Counting it is idempotent as a unit: the
 * first-seen marks remember the step that set them, and the notice's tally remembers the last
 * steps it counted, so a handler that failed after the insert, or an event redelivered after a
 * crash, counts each step exactly once.
 */
@Injectable()
export class BreachDeliveriesService {
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
    const bump: Partial<Record<keyof DeliveryCounts, number>> = { [step.status]: 1 };
    for (const mark of [
      { _id: `contact:${notice}:${step.customerId}/${step.contactId}`, kind: 'contacts' as const },
      { _id: `customer:${notice}:${step.customerId}`, kind: 'customers' as const },
    ]) {
      if (await this.markedBy(mark, stepId)) bump[mark.kind] = 1;
    }
    const customerReached = step.status === 'sent' && (await this.markedBy({ _id: `reached:${notice}:${step.customerId}`, kind: 'reached' }, stepId));
    return { counted: await this.count(notice, step.breachId, stepId, bump), customerReached };
  }

  /** Whether this step is the first of its contact (or customer): it set the mark, now or on an earlier try. */
  private async markedBy(mark: { _id: string; kind: NoticeDeliveryMark['kind'] }, stepId: string): Promise<boolean> {
    if ((await insertNew(this.marks, [{ ...mark, firstStep: stepId }])).length === 1) return true;
    return (await this.marks.findById(mark._id).lean<NoticeDeliveryMark>())?.firstStep === stepId;
  }

  /** Adds the step to its notice's tally unless the tally counted it already; guarded by the tally's version. */
  private async count(notice: string, breachId: string, stepId: string, bump: Partial<Record<keyof DeliveryCounts, number>>): Promise<boolean> {
    for (;;) {
      const tally = await this.tallies.findById(notice).lean<NoticeDeliveryTally>();
      if (!tally) {
        const [created] = await insertNew(this.tallies, [{ _id: notice, breachId, ...bump, version: 1, recent: [stepId] }]);
        if (created) return true;
        continue; // another step of the notice created it first
      }
      if (tally.recent?.includes(stepId)) return false;
      const counted = await this.tallies.updateOne(
        { _id: notice, version: tally.version ?? null },
        { $inc: { ...bump, version: 1 }, $set: { recent: [...(tally.recent ?? []).slice(1 - RECENT_STEPS), stepId] } },
      );
      if (counted.modifiedCount === 1) return true;
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
