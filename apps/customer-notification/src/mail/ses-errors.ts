import type { SendFailureKind } from './mail-sender';

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'MaxSendingRateExceeded']);

/** Refusals of this one email (its address or content): sending it again cannot help. */
const REJECTS_THIS_EMAIL = new Set(['MessageRejected', 'InvalidParameterValue']);

/**
 * How to treat an error from SES. Only a refusal of the email itself fails it at once. Errors of
 * the account or its setup (paused sending, unverified sender, bad credentials, missing
 * configuration set) would hit every email alike, so they are retried: a mistake in the settings
 * then delays the notices while someone fixes it, instead of failing all of them.
 */
export function classifySesError(error: { name?: string; $metadata?: { httpStatusCode?: number } }): SendFailureKind {
  const name = error.name ?? '';
  if (THROTTLING.has(name) || error.$metadata?.httpStatusCode === 429) return 'throttled';
  if (REJECTS_THIS_EMAIL.has(name)) return 'permanent';
  return 'transient';
}
