import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ForewarnEvent, SubprocessorChangeAnnounced, SubprocessorChangeEventTypes } from '@forewarn/contracts';
import { CustomersService } from '../customers/customers.service';
import { DeliveriesService } from '../deliveries/deliveries.service';
import { announcementNotice } from './subprocessor-change-notice';

/** Kafka handlers for `subprocessor.changes.v1`: each announcement becomes one email per contact. */
@Controller()
export class SubprocessorChangeEventsController {
  constructor(
    private readonly customers: CustomersService,
    private readonly deliveries: DeliveriesService,
  ) {}

  @EventPattern(SubprocessorChangeEventTypes.announced)
  async announced(@Payload() event: ForewarnEvent<SubprocessorChangeAnnounced>): Promise<void> {
    await this.deliveries.queue(announcementNotice(event), this.customers.recipientsOf('subprocessor-changes'));
  }
}
