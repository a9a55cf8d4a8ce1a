/** Doubling delays: the first after one failure, twice that after two, … never above the cap. */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Exponential backoff: initial, 2×, 4×, … capped. `failedAttempts` counts from 1. */
export function backoffDelayMs(policy: BackoffPolicy, failedAttempts: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (Math.max(1, failedAttempts) - 1));
}
