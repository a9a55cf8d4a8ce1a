import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DeliveryEventTypes, DeliveryFailed, DeliveryOutcome as DeliveryOutcomeEvent, DeliverySent } from '@forewarn/contracts';
import { EventStager, KafkaConnection } from '@forewarn/messaging';
import type { EmailJob } from './email-job';
import type { Delivery } from './delivery.schema';

type Kind = keyof typeof DeliveryEventTypes;

/** A stable event id per (delivery, fact): publishing again after a crash repeats the same event, which consumers skip. */
const eventIdOf = (deliveryId: string, kind: Kind) => {
  const h = createHash('sha256').update(`${deliveryId}\n${kind}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/**
 * Publishes delivery facts on `notification.deliveries.v1`, keyed by the source event. It is
 * called before the fact is stored: a crash in between publishes the same event (same id) again
 * on the retry, so nothing is lost and consumers see it once. (An outbox needs a document to
 * update, and the delivery records are insert-only.)
 */
@Injectable()
export class DeliveryEvents {
  constructor(
    private readonly stager: EventStager,
    private readonly kafka: KafkaConnection,
  ) {}

  sent(job: EmailJob, data: Pick<DeliverySent, 'template' | 'templateVersion' | 'sesMessageId' | 'sentAt' | 'late'>): Promise<void> {
    return this.publish('sent', job, { ...this.base(job), email: job.email, ...data });
  }

  failed(job: EmailJob, data: Pick<DeliveryFailed, 'reason' | 'attempts' | 'failedAt'>): Promise<void> {
    return this.publish('failed', job, { ...this.base(job), ...data, reason: data.reason.slice(0, 2000) });
  }

  outcome(kind: 'delivered' | 'bounced' | 'complained', delivery: Delivery, data: Pick<DeliveryOutcomeEvent, 'sesMessageId' | 'at' | 'detail'>): Promise<void> {
    return this.publish(kind, delivery, { ...this.base(delivery), ...data, ...(data.detail ? { detail: data.detail.slice(0, 2000) } : {}) });
  }

  private base(d: EmailJob): Omit<DeliverySent, 'email' | 'template' | 'templateVersion' | 'sesMessageId' | 'sentAt'> {
    return { deliveryId: d._id, sourceType: d.sourceType, sourceId: d.sourceId, sourceEventId: d.sourceEventId, customerId: d.customerId, contactId: d.contactId };
  }

  private async publish(kind: Kind, delivery: EmailJob, data: object): Promise<void> {
    const staged = this.stager.stage(DeliveryEventTypes[kind], data);
    const event = { ...staged.event, id: eventIdOf(delivery._id, kind) };
    const producer = await this.kafka.producer();
    await producer.send({
      topic: this.kafka.topic(staged.topic),
      messages: [{ key: staged.key, value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json', ce_type: event.type, ce_id: event.id } }],
    });
  }
}
