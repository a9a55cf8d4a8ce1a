import { createHash } from 'node:crypto';
import { mailboxKey, normaliseEmail } from '../../customers/domain/email-address';

/** Who receives subprocessor change notices without being a customer: the customerId their emails carry. */
export const PUBLIC_SUBSCRIBERS = 'public-subscribers';

export const SUBSCRIPTION_STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * One subscriber per mailbox: its id is a digest of the address (case ignored, as nearly every
 * server does), so a second request for the same address is a read by `_id`, and the id in a
 * link says nothing about the address.
 */
export function subscriberIdOf(email: string): string {
  return `sub_${createHash('sha256').update(mailboxKey(normaliseEmail(email))).digest('base64url').slice(0, 32)}`;
}

/** Confirmation emails to one address: at most one per 10 minutes and three per day, whoever asks. */
const MIN_GAP_MS = 10 * 60_000;
const PER_DAY = 3;
const DAY_MS = 24 * 3600_000;
/** Sending times kept per subscriber: enough to apply the daily cap. */
export const CONFIRMATIONS_KEPT = PER_DAY;

/**
 * Whether another confirmation email may go to the address now. The form answers the same either
 * way, so this cap is what stops the form being used to flood someone's inbox.
 */
export function mayConfirmAgain(sentAt: (Date | string)[], now: Date): boolean {
  const times = sentAt.map((t) => new Date(t).getTime()).filter((t) => t > now.getTime() - DAY_MS);
  if (times.length >= PER_DAY) return false;
  return times.every((t) => now.getTime() - t >= MIN_GAP_MS);
}

/** The sending times to keep after one more: the latest few. */
export const withConfirmationAt = (sentAt: (Date | string)[], now: Date): Date[] => [...sentAt.map((t) => new Date(t)), now].slice(-CONFIRMATIONS_KEPT);

export type SubscriptionRequestOutcome = 'created' | 'confirmation-sent' | 'nothing';

/** What a request to subscribe does to a subscriber as it stands (or to none). */
export function onRequest(current: { status: SubscriptionStatus; confirmationsSentAt: (Date | string)[] } | null, now: Date): SubscriptionRequestOutcome {
  if (!current) return 'created';
  if (current.status === 'confirmed') return 'nothing'; // told nothing: the page says the same as for a new address
  return mayConfirmAgain(current.confirmationsSentAt, now) ? 'confirmation-sent' : 'nothing';
}
