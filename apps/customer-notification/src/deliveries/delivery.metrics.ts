import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { makeCounterProvider, makeGaugeProvider } from '@forewarn/platform';
import type { Gauge } from 'prom-client';
import { Delivery } from './delivery.schema';

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
    help: 'Emails not yet accepted by SES (pending or being sent): a growing number means sending is stuck',
    inject: [getModelToken(Delivery.name)],
    async collect(this: Gauge, deliveries: Model<Delivery>) {
      this.set(await deliveries.countDocuments({ status: { $in: ['pending', 'sending'] } }));
    },
  }),
];
