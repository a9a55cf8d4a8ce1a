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
import { ChangeNoticeStates } from './change-notice-states';
import { announcementNotice } from './subprocessor-change-notice';

/** Kafka handlers for `subprocessor.changes.v1`: each announcement becomes one email per contact. */
@Controller()
export class SubprocessorChangeEventsController {
  constructor(
    private readonly customers: CustomersService,
    private readonly deliveries: DeliveriesService,
    private readonly states: ChangeNoticeStates,
  ) {}

  @EventPattern(SubprocessorChangeEventTypes.announced)
  async announced(@Payload() event: ForewarnEvent<SubprocessorChangeAnnounced>): Promise<void> {
    await this.states.record(event, 'announced');
    await this.deliveries.fanOut(announcementNotice(event), this.customers.recipientsOf('subprocessor-changes'));
  }

  @EventPattern(SubprocessorChangeEventTypes.rescheduled)
  async rescheduled(@Payload() event: ForewarnEvent<SubprocessorChangeRescheduled>): Promise<void> {
    await this.states.record(event, 'announced');
  }

  @EventPattern(SubprocessorChangeEventTypes.reminderDue)
  async reminderDue(@Payload() event: ForewarnEvent<SubprocessorChangeReminderDue>): Promise<void> {
    await this.states.record(event, 'announced');
  }

  @EventPattern(SubprocessorChangeEventTypes.cancelled)
  async cancelled(@Payload() event: ForewarnEvent<SubprocessorChangeCancelled>): Promise<void> {
    await this.states.record(event, 'cancelled');
  }

  @EventPattern(SubprocessorChangeEventTypes.effective)
  async effective(@Payload() event: ForewarnEvent<SubprocessorChangeEffective>): Promise<void> {
    await this.states.record(event, 'effective');
  }
}
