import { SendRateLimiter } from './send-rate-limiter';

const fakeTime = () => {
  const t = { now: 0, slept: [] as number[] };
  const sleep = async (ms: number) => {
    t.slept.push(ms);
    t.now += ms;
  };
  return { t, now: () => t.now, sleep };
};

describe('SendRateLimiter', () => {
  it('lets a burst of one second through, then paces sends at the quota', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(2, now, sleep);
    for (let i = 0; i < 6; i++) await limiter.acquire();
    // 2 at once, then 4 more at 500 ms each: 6 sends take 2 s at 2 per second.
    expect(t.now).toBeCloseTo(2000, 5);
    expect(t.slept).toHaveLength(4);
  });

  it('supports quotas below one per second', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(0.5, now, sleep);
    await limiter.acquire();
    await limiter.acquire();
    expect(t.now).toBeCloseTo(2000, 5);
  });

  it('holds every sender while paused for throttling', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(100, now, sleep);
    await limiter.acquire();
    limiter.pauseFor(3000);
    limiter.pauseFor(1000); // a shorter pause does not cut the longer one
    await limiter.acquire();
    expect(t.now).toBeGreaterThanOrEqual(3000);
  });
});
