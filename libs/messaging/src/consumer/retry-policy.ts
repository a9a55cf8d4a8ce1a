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

const INFRASTRUCTURE_ERRORS = /^(Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|TopologyClosed)Error|KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout)Error)$/;

/**
 * The database or broker is out of reach: the message is not at fault, so it must not be parked
 * on the dead-letter topic. The consumer stops on it and tries again until the outage ends.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  return error instanceof Error && INFRASTRUCTURE_ERRORS.test(error.name);
}
