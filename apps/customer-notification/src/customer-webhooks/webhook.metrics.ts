import { makeCounterProvider } from '@forewarn/platform';

export const WEBHOOK_ATTEMPTS = 'forewarn_webhook_attempts_total';

export const webhookMetrics = [
  makeCounterProvider({
    name: WEBHOOK_ATTEMPTS,
    help: 'Webhook attempts by outcome: delivered, retrying (tried again later), failed (for good)',
    labelNames: ['outcome'],
  }),
];
