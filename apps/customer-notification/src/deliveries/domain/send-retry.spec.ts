import { afterFailedSend, withJitter } from './send-retry';

const policy = { maxAttempts: 3, initialDelayMs: 1000, maxDelayMs: 60_000 };
const noJitter = () => 1;

describe('afterFailedSend', () => {
  it('retries a transient failure with doubling delays', () => {
    expect(afterFailedSend('transient', 1, 0, policy, noJitter)).toEqual({ retry: true, delayMs: 1000, attemptCounted: true });
    expect(afterFailedSend('transient', 2, 0, policy, noJitter)).toEqual({ retry: true, delayMs: 2000, attemptCounted: true });
  });

  it('fails the email when the attempts run out, and a rejection at once', () => {
    expect(afterFailedSend('transient', 3, 0, policy, noJitter)).toEqual({ retry: false });
    expect(afterFailedSend('permanent', 1, 0, policy, noJitter)).toEqual({ retry: false });
  });

  it('never fails an email for throttling, however often, and backs off up to the cap', () => {
    expect(afterFailedSend('throttled', 99, 1, policy, noJitter)).toEqual({ retry: true, delayMs: 1000, attemptCounted: false });
    expect(afterFailedSend('throttled', 99, 3, policy, noJitter)).toEqual({ retry: true, delayMs: 4000, attemptCounted: false });
    expect(afterFailedSend('throttled', 99, 50, policy, noJitter)).toEqual({ retry: true, delayMs: 60_000, attemptCounted: false });
  });

  it('jitters between half the delay and the whole of it', () => {
    expect(withJitter(1000, () => 0)).toBe(500);
    expect(withJitter(1000, () => 0.5)).toBe(750);
  });
});
