import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@forewarn/platform';
import { BreachDelivery, DELIVERY_STATUSES, DeliveryStatus } from './breach-delivery.schema';

export type DeliveryCounts = Record<DeliveryStatus, number> & { customers: number; contacts: number };

/** Delivery progress of breach notices, reported back by the notification service. */
@Injectable()
export class BreachDeliveriesService {
  constructor(@InjectModel(BreachDelivery.name) private readonly deliveries: Model<BreachDelivery>) {}

  /** Stores one step; false when it was stored before (a redelivered event). */
  async record(step: Omit<BreachDelivery, '_id'>): Promise<boolean> {
    try {
      await this.deliveries.create({ _id: `${step.deliveryId}:${step.status}`, ...step });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Counts per notice (by the id of the event that requested it): emails that reached each status. */
  async progressOf(breachId: string): Promise<Map<string, DeliveryCounts>> {
    const steps = await this.deliveries.find({ breachId }, { sourceEventId: 1, status: 1, customerId: 1, contactId: 1 }).lean();
    const byNotice = new Map<string, { counts: DeliveryCounts; customers: Set<string>; contacts: Set<string> }>();
    for (const step of steps) {
      let entry = byNotice.get(step.sourceEventId);
      if (!entry) {
        const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as DeliveryCounts;
        entry = { counts, customers: new Set(), contacts: new Set() };
        byNotice.set(step.sourceEventId, entry);
      }
      entry.counts[step.status] += 1;
      entry.customers.add(step.customerId);
      entry.contacts.add(`${step.customerId}/${step.contactId}`);
    }
    return new Map([...byNotice].map(([id, e]) => [id, { ...e.counts, customers: e.customers.size, contacts: e.contacts.size }]));
  }
}
