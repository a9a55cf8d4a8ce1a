import { SendRateLimiter } from './send-rate-limiter';

describe('SendRateLimiter', () => {
  it('lets a burst of one second through, then paces sends at the quota', async () => {
    let now = 0;
    const slept: number[] = [];
    const limiter = new SendRateLimiter(
      2,
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );

    for (let i = 0; i < 6; i++) await limiter.acquire();

    // 2 at once, then 4 more at 500 ms each: 6 sends take 2 s at 2 per second.
    expect(now).toBeCloseTo(2000, 5);
    expect(slept).toHaveLength(4);
  });

  it('supports quotas below one per second', async () => {
    let now = 0;
    const limiter = new SendRateLimiter(0.5, () => now, async (ms) => void (now += ms));
    await limiter.acquire();
    await limiter.acquire();
    expect(now).toBeCloseTo(2000, 5);
  });
});
