import { InvalidEventError } from '@forewarn/contracts';
import { BackoffPolicy, backoffDelayMs } from '@forewarn/platform/retry/backoff';

export interface RetryPolicy extends BackoffPolicy {
  maxAttempts: number;
}

/** Exponential backoff between tries of one event: initial, 2×, 4×, … capped. */
export const retryDelayMs: (policy: RetryPolicy, failedAttempts: number) => number = backoffDelayMs;

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
