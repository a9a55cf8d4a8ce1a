import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const TIMER_FIRINGS = 'forewarn_timer_firings_total';

/** Timer outcomes by kind: fired, failed (retried later with backoff), taken_over (a lease ran out). */
export const schedulingMetrics = [
  makeCounterProvider({
    name: TIMER_FIRINGS,
    help: 'Durable timer attempts by kind and outcome: fired, failed (will be retried), taken_over (another replica let its lease run out)',
    labelNames: ['kind', 'outcome'],
  }),
];
