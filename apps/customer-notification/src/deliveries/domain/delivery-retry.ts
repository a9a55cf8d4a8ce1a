import type { SendFailureKind } from '../../mail/mail-sender';

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'bounced', 'complained', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
}

export type NextStep = { status: 'pending'; nextAttemptAt: Date; attemptCounted: boolean } | { status: 'failed' };

/**
 * What happens to an email after a failed send. Throttling is the provider asking us to slow
 * down: the email waits and the attempt is not counted, so throttling alone never fails an
 * email. A transient error is retried with doubling delays until the attempts run out; a
 * permanent one (rejected address or content) fails at once.
 */
export function afterFailedSend(
  kind: SendFailureKind,
  attemptsSoFar: number,
  policy: RetryPolicy,
  now: Date,
  throttleDelayMs: number,
): NextStep {
  if (kind === 'throttled') {
    return { status: 'pending', nextAttemptAt: new Date(now.getTime() + throttleDelayMs), attemptCounted: false };
  }
  if (kind === 'permanent' || attemptsSoFar >= policy.maxAttempts) return { status: 'failed' };
  const delay = Math.min(MAX_RETRY_DELAY_MS, policy.initialDelayMs * 2 ** (attemptsSoFar - 1));
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay), attemptCounted: true };
}
