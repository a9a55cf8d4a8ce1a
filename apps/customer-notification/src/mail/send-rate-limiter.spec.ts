import { SendRateLimiter } from './send-rate-limiter';

const fakeTime = () => {
  const t = { now: 0, slept: [] as number[] };
  const sleep = async (ms: number) => {
    t.slept.push(ms);
    t.now += ms;
  };
  return { t, now: () => t.now, sleep };
};

/** One send answered at once, as the sender takes its turn: ready, then the turn (again if a hold came between). */
async function send(limiter: SendRateLimiter, urgent = false): Promise<void> {
  for (;;) {
    await limiter.ready(urgent);
    const turn = await limiter.acquire(urgent);
    if (turn) return turn.done();
  }
}

describe('SendRateLimiter', () => {
  /** The most sends in any window of `ms` (sliding), from send times in order. */
  const busiest = (times: number[], ms = 1000) => Math.max(...times.map((t, i) => times.slice(i).filter((u) => u < t + ms).length));

  it('paces sends from the first, and never sends more than the quota in any second', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(2, now, sleep);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await send(limiter);
      times.push(t.now);
    }
    // Not two at once: their answers would reach SES bunched with the next second's.
    expect(times).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(busiest(times)).toBe(2);
  });

  it('rounds a share down, so replicas together stay within the quota in every second', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(15, now, sleep);
    limiter.shareQuota(0.5); // 7.5 a second: 7 in any second
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      await send(limiter);
      times.push(t.now);
    }
    expect(busiest(times)).toBe(7);
  });

  it('resumes paced after a throttling pause, not in a burst', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(10, now, sleep);
    await send(limiter);
    limiter.pauseFor(5000);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      await send(limiter);
      times.push(t.now);
    }
    expect(times[0]).toBeGreaterThanOrEqual(5000);
    expect(times[9] - times[0]).toBeGreaterThanOrEqual(900); // 10 a second, one every 100 ms
  });

  it('supports quotas below one per second', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(0.5, now, sleep);
    await send(limiter);
    await send(limiter);
    expect(t.now).toBeCloseTo(2000, 5);
  });

  it('starts paced again after being idle, not with a burst of a whole second of sends', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(10, now, sleep);
    await send(limiter);
    t.now = 60_000; // nothing to send for a minute (or the share was set long before the first job)
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      await send(limiter);
      times.push(t.now);
    }
    expect(times[0]).toBe(60_000);
    expect(times[9] - times[0]).toBe(900); // one every 100 ms, as from the start
  });

  it('holds every sender while paused for throttling', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(100, now, sleep);
    await send(limiter);
    limiter.pauseFor(3000);
    limiter.pauseFor(1000); // a shorter pause does not cut the longer one
    await send(limiter);
    expect(t.now).toBeGreaterThanOrEqual(3000);
  });

  it('paces at its share of the quota, and waits while it has none (issue 12, item 2)', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(4, now, sleep);
    limiter.shareQuota(0.5);
    expect(limiter.rate).toBe(2);
    for (let i = 0; i < 6; i++) await send(limiter);
    expect(t.now).toBeCloseTo(2500, 5); // one every 500 ms from the first: 2 per second, as with a quota of 2
    // With no share it waits, a macrotask at a time, until it is given one.
    let looks = 0;
    const patient = new SendRateLimiter(4, now, async (ms) => {
      looks++;
      t.now += ms;
      await new Promise((r) => setImmediate(r));
    });
    patient.shareQuota(0);
    const waiting = send(patient);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    expect(looks).toBeGreaterThan(0);
    patient.shareQuota(1);
    await waiting;
    expect(patient.rate).toBe(4);
  });

  it('gives urgent mail the tokens while bulk mail is held, and bulk its turn after (issue 12, item 1)', async () => {
    const { t, now, sleep } = fakeTime();
    let urgentWaiting = true;
    const order: string[] = [];
    const limiter = new SendRateLimiter(10, now, async (ms) => {
      await sleep(ms);
      await new Promise((r) => setImmediate(r));
    });
    limiter.holdBulkWhile(() => urgentWaiting);
    const bulk = send(limiter).then(() => order.push('bulk'));
    for (let i = 0; i < 3; i++) {
      await send(limiter, true);
      order.push('urgent');
    }
    expect(order).toEqual(['urgent', 'urgent', 'urgent']);
    urgentWaiting = false;
    await bulk;
    expect(order).toEqual(['urgent', 'urgent', 'urgent', 'bulk']);
    expect(t.now).toBeGreaterThan(0); // the bulk sender really waited
  });

  it('counts a send from when SES answered it, so slow answers never bunch in one second of SES', async () => {
    const { t, now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(2, now, sleep);
    const first = (await limiter.acquire())!; // let go at 0, answered at 300
    await send(limiter); // at 500, answered at once
    t.now = 300;
    first.done();
    t.now = 500;
    const times: number[] = [];
    for (let i = 0; i < 2; i++) {
      await send(limiter);
      times.push(t.now);
    }
    expect(times).toEqual([1300, 1500]); // a second after the first send's answer, then the second's
  });

  it('waits for the answer of the send a window ago before letting another go', async () => {
    const { t, now } = fakeTime();
    const limiter = new SendRateLimiter(1, now, async (ms) => {
      t.now += ms;
      await new Promise((r) => setImmediate(r)); // a macrotask a look, so the test can answer meanwhile
    });
    const unanswered = (await limiter.acquire())!;
    const next = limiter.acquire();
    while (t.now < 5000) await new Promise((r) => setImmediate(r));
    unanswered.done(); // SES answered after 5 s
    const at = t.now;
    await next;
    expect(t.now).toBeGreaterThanOrEqual(at + 1000);
  });

  it('gives no turn to bulk mail held for urgent mail since it was ready, nor to any sender once a pause began', async () => {
    const { now, sleep } = fakeTime();
    const limiter = new SendRateLimiter(10, now, sleep);
    let held = false;
    limiter.holdBulkWhile(() => held);
    await limiter.ready();
    held = true; // urgent mail came while this bulk sender took its slot
    expect(await limiter.acquire()).toBeUndefined();
    expect(await limiter.acquire(true)).toBeDefined();
    limiter.pauseFor(1000);
    expect(await limiter.acquire(true)).toBeUndefined();
  });
});
