import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CustomerAuthorisationGiven,
  CustomerDeactivated,
  CustomerObjectionEventTypes,
  CustomerObjectionReceived,
  CustomerObjectionWithdrawn,
  CustomerTermsChanged,
  CustomerTermsEventTypes,
  ForewarnEvent,
} from '@forewarn/contracts';
import { ChangeAuthorisationsService } from '../changes/change-authorisations.service';
import { CustomerTermsService } from '../customer-terms/customer-terms.service';
import { ObjectionsService } from '../objections/objections.service';

/**
 * What the notification service tells the registry about customers: their objections and
 * approvals of changes (`customer.objections.v1`) and their terms (`customer.terms.v1`). Each is
 * recorded where it belongs, and a customer under specific authorisation also moves its entry on
 * the change. Every step is idempotent, so a redelivered event changes nothing.
 */
@Controller()
export class CustomerEventsController {
  constructor(
    private readonly objections: ObjectionsService,
    private readonly terms: CustomerTermsService,
    private readonly authorisations: ChangeAuthorisationsService,
  ) {}

  @EventPattern(CustomerObjectionEventTypes.received)
  async objectionReceived(@Payload() { data }: ForewarnEvent<CustomerObjectionReceived>): Promise<void> {
    await this.objections.received(data);
    await this.authorisations.answered(data.changeId, data.customerId, { kind: 'objected', at: new Date(data.receivedAt), by: data.contactEmail, reason: data.reason });
  }

  @EventPattern(CustomerObjectionEventTypes.withdrawn)
  async objectionWithdrawn(@Payload() { data }: ForewarnEvent<CustomerObjectionWithdrawn>): Promise<void> {
    await this.objections.withdrawn(data);
    await this.authorisations.answered(data.changeId, data.customerId, { kind: 'withdrawn', at: new Date(data.withdrawnAt), by: data.contactId });
  }

  @EventPattern(CustomerObjectionEventTypes.authorisationGiven)
  async authorisationGiven(@Payload() { data }: ForewarnEvent<CustomerAuthorisationGiven>): Promise<void> {
    await this.authorisations.answered(data.changeId, data.customerId, { kind: 'approved', at: new Date(data.givenAt), by: data.contactEmail });
  }

  @EventPattern(CustomerTermsEventTypes.termsChanged)
  async termsChanged(@Payload() { data }: ForewarnEvent<CustomerTermsChanged>): Promise<void> {
    await this.terms.termsChanged(data);
    if (data.authorisation === 'specific') await this.authorisations.customerNowSpecific(data);
  }

  @EventPattern(CustomerTermsEventTypes.deactivated)
  async deactivated(@Payload() { data }: ForewarnEvent<CustomerDeactivated>): Promise<void> {
    await this.terms.deactivated(data);
    // Only a customer under specific authorisation can hold a change back: the others cost no scan of the changes.
    if (await this.terms.isSpecific(data.customerId)) await this.authorisations.customerDeactivated(data, new Date(data.deactivatedAt));
  }
}
