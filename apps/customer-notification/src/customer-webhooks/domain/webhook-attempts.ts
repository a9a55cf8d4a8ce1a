/**
 * When a webhook is tried again after a failure: the Standard Webhooks schedule. The first try is
 * at once; the ninth and last comes about 27 h 35 min after it, so an endpoint down for a day
 * still gets the notice.
 */
export const WEBHOOK_RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000, 10 * 3600_000] as const;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;

/** The wait after failed attempt `n` (1-based), or undefined when it was the last. */
export const retryDelayAfter = (attempt: number): number | undefined => WEBHOOK_RETRY_DELAYS_MS[attempt - 1];

/** What one attempt came to, as the proof of notice shows it. */
export type AttemptResult =
  | { kind: 'answered'; statusCode: number }
  | { kind: 'unreachable'; error: string } // connection refused or reset, DNS failure, timeout
  | { kind: 'refused'; error: string }; // the endpoint points inside our network: never tried

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed';

/**
 * 2xx delivers. Worth trying again: no answer, 5xx, 408 (timeout) and 429 (too many). Final: any
 * other 4xx (the receiver refuses the message itself), a 3xx (redirects are not followed: the
 * endpoint is where a customer said, not wherever it points), and an internal address.
 */
export function outcomeOf(result: AttemptResult, attempt: number): AttemptOutcome {
  if (result.kind === 'answered' && result.statusCode >= 200 && result.statusCode < 300) return 'delivered';
  const transient = result.kind === 'unreachable' || (result.kind === 'answered' && (result.statusCode >= 500 || result.statusCode === 408 || result.statusCode === 429));
  return transient && retryDelayAfter(attempt) !== undefined ? 'retrying' : 'failed';
}
