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
  /** The last `n` send times, oldest at `oldest`. */
  private log: Float64Array;
  private oldest = 0;
  /** How many of the log's entries are real sends (the rest are the paced start). */
  private sends = 0;
  private pausedUntil = 0;
  private bulkHeld: () => boolean = () => false;

  constructor(
    private readonly quotaPerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.perSecond = quotaPerSecond;
    this.log = new Float64Array(this.slots());
    this.paceFrom(now());
  }

  /** Emails per second this process may send now. */
  get rate(): number {
    return this.perSecond;
  }

  /** Uses `fraction` (0–1) of the account's quota from now on; the recent sends still count. */
  shareQuota(fraction: number): void {
    const recent = this.recentSends();
    this.perSecond = this.quotaPerSecond * Math.min(1, Math.max(0, fraction));
    this.log = new Float64Array(this.slots());
    this.paceFrom(this.now());
    // The recent sends still count: they take the newest places of the new log.
    const kept = recent.slice(-this.log.length);
    for (let i = 0; i < kept.length; i++) this.log[this.log.length - kept.length + i] = Math.max(this.log[this.log.length - kept.length + i], kept[i]);
    this.sends = kept.length;
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
        this.sends = Math.min(this.sends + 1, this.log.length);
        return;
      }
      await this.sleep(waitMs);
    }
  }

  /** Holds every sender of the process for `ms` (SES throttled us); a longer pause already set wins. Sending resumes paced, not in a burst. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.paceFrom(this.pausedUntil);
  }

  /**
   * As if the last n sends had gone out evenly until `at`: sending starts (or resumes) at `at`, paced, not
   * with n at once, whose responses would reach SES bunched with the next second's.
   */
  private paceFrom(at: number): void {
    this.oldest = 0;
    this.sends = 0;
    if (this.perSecond === 0) {
      this.log.fill(-Infinity);
      return;
    }
    const spacing = this.windowMs() / this.log.length;
    for (let i = 0; i < this.log.length; i++) this.log[i] = at - this.windowMs() + i * spacing;
  }

  private slots(): number {
    return Math.max(1, Math.floor(this.perSecond));
  }

  private windowMs(): number {
    return this.perSecond >= 1 ? 1000 : 1000 / this.perSecond;
  }

  /** The real send times in the log, oldest first. */
  private recentSends(): number[] {
    const newestFirst = Array.from({ length: this.sends }, (_, i) => this.log[(this.oldest - 1 - i + 2 * this.log.length) % this.log.length]);
    return newestFirst.reverse();
  }
}
