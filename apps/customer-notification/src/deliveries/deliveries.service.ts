import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AnyBulkWriteOperation, Model } from 'mongoose';
import { Clock, isDuplicateKeyError, requestContext } from '@forewarn/platform';
import { Recipient } from '../customers/customers.service';
import { Delivery, DeliveryDocument, DeliverySourceType } from './delivery.schema';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryStatus } from './domain/delivery-retry';

const BATCH = 500;

export interface NoticeToSend {
  sourceType: DeliverySourceType;
  sourceId: string;
  sourceEventId: string;
  template: string;
  /** Event data; each email adds its customer and contact. */
  data: Record<string, unknown>;
}

export interface DeliveryFilter {
  sourceId?: string;
  customerId?: string;
  status?: DeliveryStatus;
}

@Injectable()
export class DeliveriesService {
  constructor(
    @InjectModel(Delivery.name) private readonly deliveries: Model<Delivery>,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly clock: Clock,
  ) {}

  /**
   * Queues one email per recipient. Upserts keyed by (event, contact) make a redelivered event
   * or a restarted fan-out queue nothing twice.
   */
  async queue(notice: NoticeToSend, recipients: AsyncIterable<Recipient>): Promise<number> {
    let queued = 0;
    let batch: AnyBulkWriteOperation<Delivery>[] = [];
    const now = this.clock.now();
    const correlationId = requestContext.current()?.correlationId;
    const flush = async () => {
      if (batch.length === 0) return;
      const result = await this.deliveries.bulkWrite(batch, { ordered: false }).catch((e: unknown) => {
        // Two consumers upserting the same (event, contact) at once: the other one queued it.
        if (isDuplicateKeyError(e)) return undefined;
        throw e;
      });
      queued += result?.upsertedCount ?? 0;
      batch = [];
    };
    for await (const r of recipients) {
      batch.push({
        updateOne: {
          filter: { sourceEventId: notice.sourceEventId, contactId: r.contactId },
          update: {
            $setOnInsert: {
              sourceType: notice.sourceType,
              sourceId: notice.sourceId,
              sourceEventId: notice.sourceEventId,
              customerId: r.customerId,
              customerName: r.customerName,
              contactId: r.contactId,
              contactName: r.contactName,
              email: r.email,
              template: notice.template,
              templateData: { ...notice.data, customer: { name: r.customerName }, contact: { name: r.contactName } },
              status: 'pending',
              attempts: 0,
              nextAttemptAt: now,
              createdAt: now,
              correlationId,
            },
          },
          upsert: true,
        },
      });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    this.dispatcher.wake();
    return queued;
  }

  list(filter: DeliveryFilter): Promise<DeliveryDocument[]> {
    const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    return this.deliveries.find(query, { templateData: 0 }).sort({ createdAt: 1, _id: 1 }).limit(5000).exec();
  }
}
