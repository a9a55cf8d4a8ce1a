import { afterFailedSend } from './delivery-retry';

const now = new Date('2026-05-01T00:00:00.000Z');
const policy = { maxAttempts: 3, initialDelayMs: 1000 };
const at = (ms: number) => new Date(now.getTime() + ms);

describe('afterFailedSend', () => {
  it('retries a transient failure with doubling delays', () => {
    expect(afterFailedSend('transient', 1, policy, now, 0)).toEqual({ status: 'pending', nextAttemptAt: at(1000), attemptCounted: true });
    expect(afterFailedSend('transient', 2, policy, now, 0)).toEqual({ status: 'pending', nextAttemptAt: at(2000), attemptCounted: true });
  });

  it('fails the email when the attempts run out', () => {
    expect(afterFailedSend('transient', 3, policy, now, 0)).toEqual({ status: 'failed' });
  });

  it('fails a permanent rejection at once', () => {
    expect(afterFailedSend('permanent', 1, policy, now, 0)).toEqual({ status: 'failed' });
  });

  it('never fails an email for throttling, however often', () => {
    expect(afterFailedSend('throttled', 99, policy, now, 4000)).toEqual({
      status: 'pending',
      nextAttemptAt: at(4000),
      attemptCounted: false,
    });
  });
});
