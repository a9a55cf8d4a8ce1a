import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const policy = { initialDelayMs: 1000, maxDelayMs: 60_000 };

  it('doubles from the initial delay with each failure', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(policy, n))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the cap, however many failures', () => {
    expect(backoffDelayMs(policy, 7)).toBe(60_000);
    expect(backoffDelayMs(policy, 500)).toBe(60_000);
  });

  it('treats "no failure yet" like the first', () => {
    expect(backoffDelayMs(policy, 0)).toBe(1000);
  });
});
