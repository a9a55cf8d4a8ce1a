import { makeCounterProvider, makeGaugeProvider } from '@forewarn/platform';
import type { Gauge } from 'prom-client';
import { DeliveryRecords } from './delivery-records';

export const EMAILS = 'forewarn_emails_total';
export const EMAILS_WAITING = 'forewarn_emails_waiting';

export const deliveryMetrics = [
  makeCounterProvider({
    name: EMAILS,
    help: 'Send attempts by template and outcome: sent, retry (transient failure), throttled, failed',
    labelNames: ['template', 'outcome'],
  }),
  makeGaugeProvider({
    name: EMAILS_WAITING,
    help: 'Emails queued but neither accepted by SES nor failed, over every replica: a number that stays up means sending is stuck',
    inject: [DeliveryRecords],
    async collect(this: Gauge, records: DeliveryRecords) {
      this.set(await records.waiting());
    },
  }),
];
