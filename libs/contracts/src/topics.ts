/**
 * Topic names of the spec. Each is keyed so that all events of one aggregate stay in order;
 * every topic has a `<topic>.dlq` twin for what its consumers could not process.
 */
export const Topics = {
  subprocessorChanges: 'subprocessor.changes.v1',
  customerObjections: 'customer.objections.v1',
  breachIncidents: 'breach.incidents.v1',
  notificationDeliveries: 'notification.deliveries.v1',
  customerTerms: 'customer.terms.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const deadLetterTopicOf = (topic: string): string => `${topic}.dlq`;
