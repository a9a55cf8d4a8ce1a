import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ForewarnEvent,
  SubprocessorChangeAnnounced,
  SubprocessorChangeCancelled,
  SubprocessorChangeEffective,
  SubprocessorChangeEventTypes,
  SubprocessorChangeReminderDue,
  SubprocessorChangeRescheduled,
} from '@forewarn/contracts';
import { webhookTypeOf } from '../customer-webhooks/domain/webhook-payload';
import { WebhookDeliveries } from '../customer-webhooks/webhook-deliveries';
import { CustomersService } from '../customers/customers.service';
import type { Recipient } from '../customers/recipient';
import { DeliveriesService } from '../deliveries/deliveries.service';
import { TemplateName, TemplateNames } from '../templates/template-names';
import { ChangeNoticeStates } from './change-notice-states';
import { ChangeNoticeStatus } from './change-notice-state.schema';
import { ChangeLinks } from './change-links';
import { Subscriptions } from '../subscriptions/subscriptions.service';
import { changeNotice, publicChangeNotice } from './subprocessor-change-notice';

type ChangeEvent = ForewarnEvent<SubprocessorChangeAnnounced | SubprocessorChangeRescheduled | SubprocessorChangeReminderDue | SubprocessorChangeCancelled | SubprocessorChangeEffective>;

/**
 * Kafka handlers for `subprocessor.changes.v1`: each event updates the change's read model, then
 * becomes one email per contact who receives subprocessor notices, with its own template, one
 * signed webhook per endpoint that receives them, and (but for reminders) one email per confirmed
 * public subscriber.
 */
@Controller()
export class SubprocessorChangeEventsController {
  constructor(
    private readonly customers: CustomersService,
    private readonly deliveries: DeliveriesService,
    private readonly states: ChangeNoticeStates,
    private readonly links: ChangeLinks,
    private readonly webhooks: WebhookDeliveries,
    private readonly subscriptions: Subscriptions,
  ) {}

  @EventPattern(SubprocessorChangeEventTypes.announced)
  announced(@Payload() event: ForewarnEvent<SubprocessorChangeAnnounced>): Promise<void> {
    return this.notify(event, 'announced', TemplateNames.changeAnnounced);
  }

  @EventPattern(SubprocessorChangeEventTypes.rescheduled)
  rescheduled(@Payload() event: ForewarnEvent<SubprocessorChangeRescheduled>): Promise<void> {
    return this.notify(event, 'announced', TemplateNames.changeRescheduled);
  }

  @EventPattern(SubprocessorChangeEventTypes.reminderDue)
  reminderDue(@Payload() event: ForewarnEvent<SubprocessorChangeReminderDue>): Promise<void> {
    return this.notify(event, 'announced', TemplateNames.changeReminder);
  }

  @EventPattern(SubprocessorChangeEventTypes.cancelled)
  cancelled(@Payload() event: ForewarnEvent<SubprocessorChangeCancelled>): Promise<void> {
    return this.notify(event, 'cancelled', TemplateNames.changeCancelled);
  }

  @EventPattern(SubprocessorChangeEventTypes.effective)
  effective(@Payload() event: ForewarnEvent<SubprocessorChangeEffective>): Promise<void> {
    return this.notify(event, 'effective', TemplateNames.changeEffective);
  }

  private async notify(event: ChangeEvent, status: ChangeNoticeStatus, template: TemplateName): Promise<void> {
    const state = await this.states.record(event, status);
    const notice = changeNotice(event, template, state, this.links.signer(state));
    await this.deliveries.fanOut(notice, this.customers.recipientsOf('subprocessor-changes'));
    const forSubscribers = publicChangeNotice(notice, (r) => this.subscriptions.unsubscribeUrlOf(r));
    if (forSubscribers) await this.deliveries.fanOut(forSubscribers, this.subscriptions.confirmed());
    await this.webhooks.fanOut({
      sourceType: notice.sourceType,
      sourceId: notice.sourceId,
      sourceEventId: event.id,
      topic: 'subprocessor-changes',
      type: webhookTypeOf(event.type),
      occurredAt: event.time,
      data: notice.data,
      customerIds: 'all',
      extraFor: (customer) => {
        const specific = customer.terms?.authorisation === 'specific';
        const asked = specific && notice.asksAuthorisation?.({ customerId: String(customer._id), authorisation: 'specific' } as Recipient) === true;
        return { customerName: customer.name, authorisationRequested: asked };
      },
    });
  }
}
