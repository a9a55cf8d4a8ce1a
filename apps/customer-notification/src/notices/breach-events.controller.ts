import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BreachCustomerNoticeRequested, BreachDeadlineApproaching, BreachDeadlineMissed, BreachEventTypes, ForewarnEvent } from '@forewarn/contracts';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { webhookTypeOf } from '../customer-webhooks/domain/webhook-payload';
import { WebhookDeliveries } from '../customer-webhooks/webhook-deliveries';
import { CustomersService } from '../customers/customers.service';
import type { Recipient } from '../customers/recipient';
import { DeliveriesService } from '../deliveries/deliveries.service';
import { RESPONDERS } from '../deliveries/email-job';
import { NotificationConfig, responderEmailsOf } from '../notification.config';
import { TemplateNames } from '../templates/template-names';

/**
 * Kafka handlers for `breach.incidents.v1`: a requested customer notice goes to the breach contacts
 * of the affected customers (or of every active customer), and to their endpoints for breach notices; an approaching or missed deadline goes
 * to the incident responders (RESPONDER_EMAILS), unless BREACH_ESCALATION_EMAILS is off.
 */
@Controller()
export class BreachEventsController {
  constructor(
    private readonly customers: CustomersService,
    private readonly deliveries: DeliveriesService,
    private readonly webhooks: WebhookDeliveries,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationConfig,
  ) {}

  @EventPattern(BreachEventTypes.customerNoticeRequested)
  async customerNoticeRequested(@Payload() event: ForewarnEvent<BreachCustomerNoticeRequested>): Promise<void> {
    await this.deliveries.fanOut(
      {
        sourceType: 'breach',
        sourceId: event.data.breachId,
        sourceEventId: event.id,
        template: event.data.phase === 'follow-up' ? TemplateNames.breachUpdate : TemplateNames.breachNotice,
        data: { ...event.data },
      },
      this.customers.recipientsOf('breaches', event.data.affectedCustomerIds),
    );
    await this.webhooks.fanOut({
      sourceType: 'breach',
      sourceId: event.data.breachId,
      sourceEventId: event.id,
      topic: 'breaches',
      type: webhookTypeOf(event.type),
      occurredAt: event.time,
      data: { ...event.data },
      customerIds: event.data.affectedCustomerIds,
      extraFor: (customer) => ({ customerName: customer.name }),
    });
  }

  @EventPattern(BreachEventTypes.deadlineApproaching)
  async deadlineApproaching(@Payload() event: ForewarnEvent<BreachDeadlineApproaching>): Promise<void> {
    await this.escalate(event);
  }

  /**
   * The deadline passed unmet. The same event type comes again once a responder records the
   * reason; that one is the responder's own action, so it is not emailed back to them.
   */
  @EventPattern(BreachEventTypes.deadlineMissed)
  async deadlineMissed(@Payload() event: ForewarnEvent<BreachDeadlineMissed>): Promise<void> {
    if (!event.data.reasonRecordedAt) await this.escalate(event);
  }

  private async escalate(event: ForewarnEvent<BreachDeadlineApproaching | BreachDeadlineMissed>): Promise<void> {
    if (!this.config.BREACH_ESCALATION_EMAILS) return;
    const responders = responderEmailsOf(this.config);
    await this.deliveries.fanOut(
      { sourceType: 'breach', sourceId: event.data.breachId, sourceEventId: event.id, template: TemplateNames.breachDeadlineEscalation, data: { ...event.data } },
      (async function* (): AsyncGenerator<Recipient> {
        for (const email of responders) yield { customerId: RESPONDERS, customerName: 'Incident response', contactId: email, contactName: 'Incident responder', email };
      })(),
    );
  }
}
