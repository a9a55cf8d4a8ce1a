import {
  BreachAssessed,
  BreachClosed,
  BreachCustomerNoticeRequested,
  BreachDeadlineApproaching,
  BreachDeadlineMissed,
  BreachEventTypes,
  BreachReported,
  BreachTimelineHeadRecorded,
} from './breach-incidents/breach-events';
import { CustomerAuthorisationGiven, CustomerObjectionEventTypes, CustomerObjectionReceived, CustomerObjectionWithdrawn } from './customer-objections/objection-events';
import { CustomerDeactivated, CustomerTermsChanged, CustomerTermsEventTypes } from './customer-terms/terms-events';
import { DeliveryEventTypes, DeliveryFailed, DeliveryOutcome, DeliverySent } from './notification-deliveries/delivery-events';
import {
  SubprocessorChangeAnnounced,
  SubprocessorChangeCancelled,
  SubprocessorChangeEffective,
  SubprocessorChangeEventTypes,
  SubprocessorChangeReminderDue,
  SubprocessorChangeRescheduled,
} from './subprocessor-changes/change-events';
import { TopicName, Topics } from './topics';

export interface EventContract<T extends object = object> {
  topic: TopicName;
  payload: new () => T;
  /** The message key: the aggregate's id, so its events stay in order on one partition. */
  keyOf: (data: T) => string;
}

const contract = <T extends object>(topic: TopicName, payload: new () => T, keyOf: (data: T) => string) =>
  ({ topic, payload, keyOf }) as unknown as EventContract;

const byChange = (d: { changeId: string }) => d.changeId;
const byCustomer = (d: { customerId: string }) => d.customerId;
const byBreach = (d: { breachId: string }) => d.breachId;
// One email's events in order on one partition; one notice's emails spread over every partition.
const byDelivery = (d: { deliveryId: string }) => d.deliveryId;
const { subprocessorChanges, customerObjections, breachIncidents, notificationDeliveries, customerTerms } = Topics;

/**
 * Every event type a Forewarn service may publish or consume: its topic, payload class and key.
 * Producers and consumers look types up here, so an unlisted type can be neither sent nor accepted.
 */
export const EventCatalog: Readonly<Record<string, EventContract>> = {
  [SubprocessorChangeEventTypes.announced]: contract(subprocessorChanges, SubprocessorChangeAnnounced, byChange),
  [SubprocessorChangeEventTypes.rescheduled]: contract(subprocessorChanges, SubprocessorChangeRescheduled, byChange),
  [SubprocessorChangeEventTypes.reminderDue]: contract(subprocessorChanges, SubprocessorChangeReminderDue, byChange),
  [SubprocessorChangeEventTypes.cancelled]: contract(subprocessorChanges, SubprocessorChangeCancelled, byChange),
  [SubprocessorChangeEventTypes.effective]: contract(subprocessorChanges, SubprocessorChangeEffective, byChange),
  [CustomerObjectionEventTypes.received]: contract(customerObjections, CustomerObjectionReceived, byChange),
  [CustomerObjectionEventTypes.withdrawn]: contract(customerObjections, CustomerObjectionWithdrawn, byChange),
  [CustomerObjectionEventTypes.authorisationGiven]: contract(customerObjections, CustomerAuthorisationGiven, byChange),
  [BreachEventTypes.reported]: contract(breachIncidents, BreachReported, byBreach),
  [BreachEventTypes.assessed]: contract(breachIncidents, BreachAssessed, byBreach),
  [BreachEventTypes.customerNoticeRequested]: contract(breachIncidents, BreachCustomerNoticeRequested, byBreach),
  [BreachEventTypes.deadlineApproaching]: contract(breachIncidents, BreachDeadlineApproaching, byBreach),
  [BreachEventTypes.deadlineMissed]: contract(breachIncidents, BreachDeadlineMissed, byBreach),
  [BreachEventTypes.closed]: contract(breachIncidents, BreachClosed, byBreach),
  [BreachEventTypes.timelineHeadRecorded]: contract(breachIncidents, BreachTimelineHeadRecorded, byBreach),
  [DeliveryEventTypes.sent]: contract(notificationDeliveries, DeliverySent, byDelivery),
  [DeliveryEventTypes.delivered]: contract(notificationDeliveries, DeliveryOutcome, byDelivery),
  [DeliveryEventTypes.bounced]: contract(notificationDeliveries, DeliveryOutcome, byDelivery),
  [DeliveryEventTypes.complained]: contract(notificationDeliveries, DeliveryOutcome, byDelivery),
  [DeliveryEventTypes.failed]: contract(notificationDeliveries, DeliveryFailed, byDelivery),
  [CustomerTermsEventTypes.termsChanged]: contract(customerTerms, CustomerTermsChanged, byCustomer),
  [CustomerTermsEventTypes.deactivated]: contract(customerTerms, CustomerDeactivated, byCustomer),
};

export function contractOf(type: string): EventContract | undefined {
  return EventCatalog[type];
}
