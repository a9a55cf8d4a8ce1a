import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertNew } from '@forewarn/platform';
import { BreachDelivery, DELIVERY_STATUSES, DeliveryStatus, NoticeDeliveryMark, NoticeDeliveryTally } from './breach-delivery.schema';

export type DeliveryCounts = Record<DeliveryStatus, number> & { customers: number; contacts: number };

/**
 * Delivery progress of breach notices, reported back by the notification service. Every step is
 * an insert under a deterministic `_id`; only a newly stored step bumps its notice's tally, so a
 * redelivered event counts once. A crash between the insert and the bump undercounts by that one
 * step; the step records stay complete and are the evidence.
 */
@Injectable()
export class BreachDeliveriesService {
  constructor(
    @InjectModel(BreachDelivery.name) private readonly deliveries: Model<BreachDelivery>,
    @InjectModel(NoticeDeliveryTally.name) private readonly tallies: Model<NoticeDeliveryTally>,
    @InjectModel(NoticeDeliveryMark.name) private readonly marks: Model<NoticeDeliveryMark>,
  ) {}

  /** Stores one step; false when it was stored before (a redelivered event). */
  async record(step: Omit<BreachDelivery, '_id'>): Promise<boolean> {
    const stored = await insertNew(this.deliveries, [{ _id: `${step.deliveryId}:${step.status}`, ...step }]);
    if (stored.length === 0) return false;
    const notice = step.sourceEventId;
    const bump: Partial<Record<keyof DeliveryCounts, number>> = { [step.status]: 1 };
    const firsts = await insertNew(this.marks, [
      { _id: `contact:${notice}:${step.customerId}/${step.contactId}`, kind: 'contacts' as const },
      { _id: `customer:${notice}:${step.customerId}`, kind: 'customers' as const },
    ]);
    for (const first of firsts) bump[first.kind] = 1;
    // One small document per notice, written by the one consumer that owns the notice's partition.
    await this.tallies.updateOne({ _id: notice }, { $setOnInsert: { breachId: step.breachId }, $inc: bump }, { upsert: true });
    return true;
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
