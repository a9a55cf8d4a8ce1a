import {
  KafkaJSBrokerNotFound,
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSLockTimeout,
  KafkaJSMetadataNotLoaded,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import mongoose from 'mongoose';
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

/** Pool errors the driver does not export from its index; mongoose uses this same driver copy. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const poolErrors = require('mongodb/lib/cmap/errors') as Record<'PoolClosedError' | 'WaitQueueTimeoutError', new (...args: never[]) => Error>;

/** Driver errors that mean "the database is out of reach", whatever the operation was. */
const DATABASE_OUTAGES: (new (...args: never[]) => Error)[] = [
  MongoNetworkError, // includes MongoNetworkTimeoutError, MongoPoolClearedError, PoolClearedOnNetworkError
  MongoServerSelectionError,
  poolErrors.WaitQueueTimeoutError,
  poolErrors.PoolClosedError,
  MongoNotConnectedError,
  MongoTopologyClosedError,
  MongoOperationTimeoutError,
  mongoose.Error.MongooseServerSelectionError,
];

/** Broker errors that are about reaching Kafka, not about the message. */
const BROKER_OUTAGES: (new (...args: never[]) => Error)[] = [
  KafkaJSConnectionError, // includes KafkaJSConnectionClosedError
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSRequestTimeoutError,
  KafkaJSBrokerNotFound,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSMetadataNotLoaded,
  KafkaJSLockTimeout,
];

function isOutage(error: Error): boolean {
  if ([...DATABASE_OUTAGES, ...BROKER_OUTAGES].some((type) => error instanceof type)) return true;
  // The server says the operation may succeed on retry (primary stepped down, pool reset, ...).
  if (error instanceof MongoError && (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('ResetPool'))) return true;
  // kafkajs marks protocol errors such as LEADER_NOT_AVAILABLE as retriable.
  if (error instanceof KafkaJSError && error.retriable) return true;
  // Mongoose queues operations while disconnected and gives up with a plain MongooseError.
  return error instanceof mongoose.Error && /buffering timed out/.test(error.message);
}

/**
 * The database or broker is out of reach: the message is not at fault, so it must not be parked
 * on the dead-letter topic. The consumer stops on it and tries again until the outage ends.
 * Classified by the drivers' own error classes (and the errors they wrap).
 */
export function isInfrastructureFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause ?? (e as { originalError?: unknown }).originalError, depth++) {
    if (isOutage(e)) return true;
  }
  return false;
}
