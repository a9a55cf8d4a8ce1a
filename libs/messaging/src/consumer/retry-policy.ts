import { InvalidEventError } from '@forewarn/contracts';

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Exponential backoff: initial, 2×, 4×, … capped. */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (failedAttempts - 1));
}

/** A message that is malformed or refused by the domain will fail the same way every time. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof InvalidEventError);
}
