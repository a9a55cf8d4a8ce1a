import { makeCounterProvider } from '@forewarn/platform';

export const EMAILS = 'forewarn_emails_total';
export const EMAILS_WAITING = 'forewarn_emails_waiting';

export const deliveryMetrics = [
  makeCounterProvider({
    name: EMAILS,
    help: 'Send attempts by template and outcome: sent, retry (transient failure), throttled, failed',
    labelNames: ['template', 'outcome'],
  }),
];
