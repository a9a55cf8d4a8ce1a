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
import { CustomersService } from '../customers/customers.service';
import { DeliveriesService } from '../deliveries/deliveries.service';
import { TemplateName, TemplateNames } from '../templates/template-names';
import { ChangeNoticeStates } from './change-notice-states';
import { ChangeNoticeStatus } from './change-notice-state.schema';
import { ChangeLinks } from './change-links';
import { changeNotice } from './subprocessor-change-notice';

type ChangeEvent = ForewarnEvent<SubprocessorChangeAnnounced | SubprocessorChangeRescheduled | SubprocessorChangeReminderDue | SubprocessorChangeCancelled | SubprocessorChangeEffective>;

/**
 * Kafka handlers for `subprocessor.changes.v1`: each event updates the change's read model, then
 * becomes one email per contact who receives subprocessor notices, with its own template.
 */
@Controller()
export class SubprocessorChangeEventsController {
  constructor(
    private readonly customers: CustomersService,
    private readonly deliveries: DeliveriesService,
    private readonly states: ChangeNoticeStates,
    private readonly links: ChangeLinks,
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
    await this.deliveries.fanOut(changeNotice(event, template, state, this.links.signer(state)), this.customers.recipientsOf('subprocessor-changes'));
  }
}
