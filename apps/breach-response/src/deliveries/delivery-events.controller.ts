import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeliveryEventTypes, DeliveryFailed, DeliveryOutcome, DeliverySent, ForewarnEvent } from '@forewarn/contracts';
import { AuditTrail } from '@forewarn/audit';
import { BreachNotificationsService } from '../breaches/breach-notifications.service';
import { BreachDeliveriesService } from './breach-deliveries.service';
import { DeliveryStatus } from './breach-delivery.schema';

type DeliveryEvent = ForewarnEvent<DeliverySent | DeliveryOutcome | DeliveryFailed>;

/** Kafka handlers for `notification.deliveries.v1`: progress of emails about breaches; change notices are not ours. */
@Controller()
export class DeliveryEventsController {
  constructor(
    private readonly deliveries: BreachDeliveriesService,
    private readonly notifications: BreachNotificationsService,
    private readonly audit: AuditTrail,
  ) {}

  @EventPattern(DeliveryEventTypes.sent)
  sent(@Payload() event: ForewarnEvent<DeliverySent>): Promise<void> {
    return this.store(event, 'sent', event.data.sentAt);
  }

  @EventPattern(DeliveryEventTypes.delivered)
  delivered(@Payload() event: ForewarnEvent<DeliveryOutcome>): Promise<void> {
    return this.store(event, 'delivered', event.data.at, event.data.detail);
  }

  @EventPattern(DeliveryEventTypes.bounced)
  bounced(@Payload() event: ForewarnEvent<DeliveryOutcome>): Promise<void> {
    return this.store(event, 'bounced', event.data.at, event.data.detail);
  }

  @EventPattern(DeliveryEventTypes.complained)
  complained(@Payload() event: ForewarnEvent<DeliveryOutcome>): Promise<void> {
    return this.store(event, 'complained', event.data.at, event.data.detail);
  }

  @EventPattern(DeliveryEventTypes.failed)
  failed(@Payload() event: ForewarnEvent<DeliveryFailed>): Promise<void> {
    return this.store(event, 'failed', event.data.failedAt, event.data.reason);
  }

  private async store(event: DeliveryEvent, status: DeliveryStatus, at: string, detail?: string): Promise<void> {
    const d = event.data;
    if (d.sourceType !== 'breach') return;
    const stored = await this.deliveries.store({
      breachId: d.sourceId,
      sourceEventId: d.sourceEventId,
      deliveryId: d.deliveryId,
      status,
      customerId: d.customerId,
      contactId: d.contactId,
      at: new Date(at),
      ...(detail ? { detail } : {}),
    });
    if (stored.customerReached) await this.notifications.recordCustomerReached(d.sourceId, d.sourceEventId, d.customerId, new Date(at));
    // Under the step's own id, so a retried or redelivered event leaves one entry.
    await this.audit.record(
      { action: `breach.delivery-${status}`, entityType: 'breach', entityId: d.sourceId, summary: `${d.deliveryId} ${status}` },
      { id: `breach-delivery:${d.deliveryId}:${status}` },
    );
    // Last: a failure before it leaves the step uncounted, and the retry counts it once.
    await this.deliveries.count(stored);
  }
}
