import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const EMAILS = 'forewarn_emails_total';

export const deliveryMetrics = [
  makeCounterProvider({
    name: EMAILS,
    help: 'Send attempts by template and outcome: sent, retry (transient failure), throttled, failed',
    labelNames: ['template', 'outcome'],
  }),
];
