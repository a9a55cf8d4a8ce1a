import { makeGaugeProvider } from '@forewarn/platform';
import type { Gauge } from 'prom-client';
import { EmailSender } from './email-sender';
import { UrgentLane } from './urgent-lane';

/** What the sender is allowed to do now; apart from `delivery.metrics`, which the sender itself uses. */
export const sendingMetrics = [
  makeGaugeProvider({
    name: 'forewarn_ses_send_rate',
    help: "Emails per second this replica may send: its share of SES_MAX_SEND_RATE, the account's quota (0 before it holds any job partition)",
    inject: [EmailSender],
    collect(this: Gauge, sender: EmailSender) {
      this.set(sender.limiter.rate);
    },
  }),
  makeGaugeProvider({
    name: 'forewarn_bulk_emails_held',
    help: 'Whether this replica holds its change emails (1) because breach emails are being sent, here or on another replica',
    inject: [UrgentLane],
    collect(this: Gauge, lane: UrgentLane) {
      this.set(lane.bulkHeld() ? 1 : 0);
    },
  }),
];
