import { BreachEventTypes } from './breach-incidents/breach-events';
import { contractOf, EventCatalog } from './catalog';
import { CustomerObjectionEventTypes } from './customer-objections/objection-events';
import { InvalidEventError } from './envelope/parse-event';
import { validateEventData } from './envelope/validate-data';
import { CustomerTermsEventTypes } from './customer-terms/terms-events';
import { DeliveryEventTypes } from './notification-deliveries/delivery-events';
import { SubprocessorChangeAnnounced, SubprocessorChangeEventTypes } from './subprocessor-changes/change-events';
import { Topics } from './topics';

const t = '2026-01-01T00:00:00.000Z';
const change = {
  changeId: 'c1',
  kind: 'addition',
  subprocessor: { id: 's1', name: 'Acme', category: 'Hosting', purpose: 'Servers', dataCategories: [], locations: ['GB'] },
  summary: 'Adding Acme',
  announcedAt: t,
  effectiveAt: '2026-02-01T00:00:00.000Z',
};
const objection = { objectionId: 'o1', changeId: 'c1', customerId: 'cu1', customerName: 'Acme', contactId: 'k1' };
const breach = { breachId: 'b1', reference: 'BR-2026-0001' };
const delivery = { deliveryId: 'd1', sourceType: 'breach', sourceId: 'b1', sourceEventId: 'e1', customerId: 'cu1', contactId: 'k1' };

/** A valid example of every event of the spec, with the topic and key it must travel with. */
const examples: [string, string, object, string][] = [
  [SubprocessorChangeEventTypes.announced, Topics.subprocessorChanges, { ...change, noticePeriodDays: 30 }, 'c1'],
  [SubprocessorChangeEventTypes.rescheduled, Topics.subprocessorChanges, { ...change, previousEffectiveAt: t, rescheduledAt: t }, 'c1'],
  [SubprocessorChangeEventTypes.reminderDue, Topics.subprocessorChanges, { ...change, daysBefore: 7, pendingAuthorisationCustomerIds: ['cu1'] }, 'c1'],
  [SubprocessorChangeEventTypes.cancelled, Topics.subprocessorChanges, { ...change, cancelledAt: t, reason: 'Contract fell through' }, 'c1'],
  [SubprocessorChangeEventTypes.effective, Topics.subprocessorChanges, { ...change, appliedAt: t }, 'c1'],
  [CustomerObjectionEventTypes.received, Topics.customerObjections, { ...objection, contactEmail: 'a@b.example', reason: 'No', receivedAt: t }, 'c1'],
  [CustomerObjectionEventTypes.withdrawn, Topics.customerObjections, { ...objection, withdrawnAt: t }, 'c1'],
  [CustomerObjectionEventTypes.authorisationGiven, Topics.customerObjections, { approvalId: 'a1', changeId: 'c1', customerId: 'cu1', customerName: 'Acme', contactId: 'k1', contactEmail: 'a@b.example', givenAt: t }, 'c1'],
  [BreachEventTypes.reported, Topics.breachIncidents, { ...breach, title: 'Lost laptop', role: 'processor', awareAt: t, affectedCustomerIds: 'all', deadlines: { customerNoticeDueAt: t }, reportedAt: t }, 'b1'],
  [BreachEventTypes.assessed, Topics.breachIncidents, { ...breach, role: 'both', riskLevel: 'high', deadlines: { authorityReportDueAt: t }, assessedAt: t }, 'b1'],
  [
    BreachEventTypes.customerNoticeRequested,
    Topics.breachIncidents,
    { ...breach, title: 'Lost laptop', description: 'd', nature: ['lost'], dataCategories: ['contact details'], specialCategoryData: false, approxDataSubjects: 10, approxRecords: 20, awareAt: t, affectedCustomerIds: ['cu1'], contactPoint: 'dpo@forewarn.example', requestedAt: t },
    'b1',
  ],
  [BreachEventTypes.deadlineApproaching, Topics.breachIncidents, { ...breach, deadline: 'authority-report', dueAt: t, remindedAt: t }, 'b1'],
  [BreachEventTypes.deadlineMissed, Topics.breachIncidents, { ...breach, deadline: 'customer-notice', dueAt: t, missedAt: t }, 'b1'],
  [BreachEventTypes.closed, Topics.breachIncidents, { ...breach, outcome: 'not-a-breach', reason: 'Encrypted device', closedAt: t }, 'b1'],
  [BreachEventTypes.timelineHeadRecorded, Topics.breachIncidents, { breachId: 'b1', seq: 3, hash: 'a'.repeat(64), recordedAt: t }, 'b1'],
  [DeliveryEventTypes.sent, Topics.notificationDeliveries, { ...delivery, email: 'a@b.example', template: 'x', templateVersion: 1, sesMessageId: 'm', sentAt: t }, 'd1'],
  [DeliveryEventTypes.delivered, Topics.notificationDeliveries, { ...delivery, sesMessageId: 'm', at: t }, 'd1'],
  [DeliveryEventTypes.bounced, Topics.notificationDeliveries, { ...delivery, sesMessageId: 'm', at: t, detail: 'Permanent' }, 'd1'],
  [DeliveryEventTypes.complained, Topics.notificationDeliveries, { ...delivery, sesMessageId: 'm', at: t }, 'd1'],
  [DeliveryEventTypes.failed, Topics.notificationDeliveries, { ...delivery, reason: 'MessageRejected', attempts: 1, failedAt: t }, 'd1'],
  [CustomerTermsEventTypes.termsChanged, Topics.customerTerms, { customerId: 'cu1', customerName: 'Acme', revision: 3, noticePeriodDays: 90, authorisation: 'specific', changedAt: t }, 'cu1'],
  [CustomerTermsEventTypes.deactivated, Topics.customerTerms, { customerId: 'cu1', customerName: 'Acme', revision: 4, deactivatedAt: t }, 'cu1'],
];

describe('event catalog', () => {
  it('lists every event type of the spec, each with an example here', () => {
    expect(Object.keys(EventCatalog).sort()).toEqual(examples.map(([type]) => type).sort());
    expect(contractOf('com.example.unknown')).toBeUndefined();
  });

  it.each(examples)('%s travels on %s, keyed by its aggregate, and validates', (type, topic, data, key) => {
    const contract = contractOf(type)!;
    expect(contract.topic).toBe(topic);
    expect(contract.keyOf(validateEventData(contract.payload, data))).toBe(key);
  });

  it('names the fields that are wrong, nested ones included', () => {
    const bad = { ...change, noticePeriodDays: 30, kind: 'merger', subprocessor: { ...change.subprocessor, name: '' } };
    expect(() => validateEventData(SubprocessorChangeAnnounced, bad)).toThrow(InvalidEventError);
    expect(() => validateEventData(SubprocessorChangeAnnounced, bad)).toThrow(/kind[\s\S]*subprocessor\.name/);
  });

  it('refuses customer terms under the legal minimum or with an unknown kind of authorisation', () => {
    const terms = { customerId: 'cu1', customerName: 'Acme', revision: 1, noticePeriodDays: 29, authorisation: 'implied', changedAt: t };
    expect(() => validateEventData(contractOf(CustomerTermsEventTypes.termsChanged)!.payload, terms)).toThrow(/noticePeriodDays[\s\S]*authorisation/);
  });

  it('refuses a notice period under 30 days and a customer list that is neither ids nor "all"', () => {
    expect(() => validateEventData(SubprocessorChangeAnnounced, { ...change, noticePeriodDays: 29 })).toThrow(/noticePeriodDays/);
    const reported = examples.find(([type]) => type === BreachEventTypes.reported)!;
    expect(() => validateEventData(contractOf(reported[0])!.payload, { ...reported[2], affectedCustomerIds: 'some' })).toThrow(
      /affectedCustomerIds/,
    );
  });
});
