import type { SendFailureKind } from '../../mail/mail-sender';

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export type NextStep = { retry: true; delayMs: number; attemptCounted: boolean } | { retry: false };

/** "Equal jitter": half the delay fixed, half random, so replicas that failed together spread out. */
export const withJitter = (delayMs: number, random: () => number = Math.random) => delayMs / 2 + random() * (delayMs / 2);

/**
 * What to do after a failed send. Throttling is SES asking us to slow down: the email waits and
 * the attempt is not counted, so throttling alone never fails an email. A transient error (5xx,
 * network, account trouble) is retried with doubling, jittered delays until the attempts run
 * out; a refusal of the email itself fails at once.
 */
export function afterFailedSend(
  kind: SendFailureKind,
  attemptsSoFar: number,
  throttledInARow: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): NextStep {
  if (kind === 'throttled') {
    const delay = Math.min(policy.maxDelayMs, 1000 * 2 ** Math.min(throttledInARow - 1, 20));
    return { retry: true, delayMs: withJitter(delay, random), attemptCounted: false };
  }
  if (kind === 'permanent' || attemptsSoFar >= policy.maxAttempts) return { retry: false };
  const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attemptsSoFar - 1));
  return { retry: true, delayMs: withJitter(delay, random), attemptCounted: true };
}
