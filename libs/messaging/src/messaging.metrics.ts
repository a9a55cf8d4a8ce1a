import { makeCounterProvider } from '@forewarn/platform/metrics/service-metrics';

export const EVENTS_CONSUMED = 'forewarn_events_consumed_total';
export const EVENTS_PUBLISHED = 'forewarn_events_published_total';

/** Counters an operator alerts on: dead-lettered events, and the flow through the outbox. */
export const messagingMetrics = [
  makeCounterProvider({
    name: EVENTS_CONSUMED,
    help: 'Kafka events by type and outcome: processed, duplicate (already consumed), ignored (no handler here), dead_lettered',
    labelNames: ['type', 'outcome'],
  }),
  makeCounterProvider({
    name: EVENTS_PUBLISHED,
    help: 'Events relayed from outboxes to Kafka, by type',
    labelNames: ['type'],
  }),
];
