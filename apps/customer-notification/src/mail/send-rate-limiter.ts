/** How often a replica with no share of the quota, or bulk mail held for urgent, looks again. */
const NO_SHARE_WAIT_MS = 250;
const HELD_WAIT_MS = 100;

/**
 * Holds this process's sends at or under its share of the SES quota in every second, not only on
 * average: a sliding log of the last `n` send times (n = the rate rounded down), and a send may go
 * when the n-th last one is a second old (below one a second: one per 1 / rate seconds). Shares
 * round down, so replicas' sends in any second add up to no more than the quota. A token bucket would let
 * a full bucket and its refill through in the same second, twice the quota. Every sender of the
 * process takes its turn here. It measures real elapsed time (not the business clock): the quota
 * is a property of the provider, not of the domain. `pauseFor` stops everyone when SES says it is
 * throttling us; `shareQuota` sets the fraction of the account's quota this replica may use;
 * `holdBulkWhile` keeps bulk senders waiting while urgent mail is being sent.
 */
export class SendRateLimiter {
  private perSecond: number;
  /** The last `n` send times, oldest at `oldest`; never-used slots are -Infinity. */
  private log: Float64Array;
  private oldest = 0;
  private pausedUntil = 0;
  private bulkHeld: () => boolean = () => false;

  constructor(
    private readonly quotaPerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.perSecond = quotaPerSecond;
    this.log = new Float64Array(this.slots()).fill(-Infinity);
  }

  /** Emails per second this process may send now. */
  get rate(): number {
    return this.perSecond;
  }

  /** Uses `fraction` (0–1) of the account's quota from now on; the recent sends still count. */
  shareQuota(fraction: number): void {
    const recent = this.recentSends();
    this.perSecond = this.quotaPerSecond * Math.min(1, Math.max(0, fraction));
    this.log = new Float64Array(this.slots()).fill(-Infinity);
    this.oldest = 0;
    this.log.set(recent.slice(-this.log.length), this.log.length - Math.min(recent.length, this.log.length));
  }

  holdBulkWhile(held: () => boolean): void {
    this.bulkHeld = held;
  }

  /** Waits until one more email may be sent; bulk mail also until no urgent mail is being sent. */
  async acquire(urgent = false): Promise<void> {
    for (;;) {
      if (!urgent && this.bulkHeld()) {
        await this.sleep(HELD_WAIT_MS);
        continue;
      }
      const now = this.now();
      if (now < this.pausedUntil) {
        await this.sleep(this.pausedUntil - now);
        continue;
      }
      if (this.perSecond === 0) {
        await this.sleep(NO_SHARE_WAIT_MS);
        continue;
      }
      const waitMs = this.log[this.oldest] + this.windowMs() - now;
      if (waitMs <= 0) {
        this.log[this.oldest] = now;
        this.oldest = (this.oldest + 1) % this.log.length;
        return;
      }
      await this.sleep(waitMs);
    }
  }

  /** Holds every sender of the process for `ms` (SES throttled us); a longer pause already set wins. Sending resumes paced, not in a burst. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    if (this.perSecond === 0) return;
    const spacing = this.windowMs() / this.log.length;
    // As if the last n sends had gone out evenly up to the end of the pause.
    for (let i = 0; i < this.log.length; i++) this.log[(this.oldest + i) % this.log.length] = this.pausedUntil - this.windowMs() + (i + 1) * spacing;
  }

  private slots(): number {
    return Math.max(1, Math.floor(this.perSecond));
  }

  private windowMs(): number {
    return this.perSecond >= 1 ? 1000 : 1000 / this.perSecond;
  }

  /** The send times in the log, oldest first, without never-used slots. */
  private recentSends(): number[] {
    const times: number[] = [];
    for (let i = 0; i < this.log.length; i++) {
      const at = this.log[(this.oldest + i) % this.log.length];
      if (at !== -Infinity) times.push(at);
    }
    return times;
  }
}
