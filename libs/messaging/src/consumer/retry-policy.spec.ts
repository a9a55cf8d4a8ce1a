import { KafkaJSConnectionError } from 'kafkajs';
import { MongoServerSelectionError } from 'mongodb';
import { InvalidEventError } from '@forewarn/contracts';
import { isInfrastructureFailure, isRetryable, retryDelayMs } from './retry-policy';

describe('retry policy', () => {
  const policy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the delay after each failure, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('does not retry a message that is invalid', () => {
    expect(isRetryable(new InvalidEventError('bad'))).toBe(false);
    expect(isRetryable(new Error('connection reset'))).toBe(true);
  });

  it('tells an unreachable database or broker from a failing message by the drivers\' classes, not by names', () => {
    expect(isInfrastructureFailure(new MongoServerSelectionError('connect ECONNREFUSED', { servers: new Map() } as never))).toBe(true);
    expect(isInfrastructureFailure(new KafkaJSConnectionError('connect ECONNREFUSED'))).toBe(true);
    expect(isInfrastructureFailure(Object.assign(new Error('x'), { name: 'KafkaJSConnectionError' }))).toBe(false);
    expect(isInfrastructureFailure(new TypeError('cannot read x of undefined'))).toBe(false);
  });
});
