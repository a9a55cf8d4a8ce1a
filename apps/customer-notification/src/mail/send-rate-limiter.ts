/** How often a replica with no share of the quota, or bulk mail held for urgent, looks again. */
const NO_SHARE_WAIT_MS = 250;
const HELD_WAIT_MS = 100;

/**
 * A token bucket that holds this process's send rate at or under its share of the SES quota: every
 * sender in it takes its tokens here. It measures real elapsed time (not the business clock): the
 * quota is a property of the provider, not of the domain. `pauseFor` stops everyone when SES says
 * it is throttling us; `shareQuota` sets the fraction of the account's quota this replica may use;
 * `holdBulkWhile` keeps bulk senders from taking tokens while urgent mail is waiting.
 */
export class SendRateLimiter {
  private perSecond: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private bulkHeld: () => boolean = () => false;

  constructor(
    private readonly quotaPerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.perSecond = quotaPerSecond;
    this.tokens = Math.max(1, quotaPerSecond);
    this.last = now();
  }

  /** Emails per second this process may send now. */
  get rate(): number {
    return this.perSecond;
  }

  /** Uses `fraction` (0–1) of the account's quota from now on; tokens saved above it are dropped. */
  shareQuota(fraction: number): void {
    this.perSecond = this.quotaPerSecond * Math.min(1, Math.max(0, fraction));
    this.tokens = Math.min(this.tokens, Math.max(1, this.perSecond));
  }

  holdBulkWhile(held: () => boolean): void {
    this.bulkHeld = held;
  }

  /** Waits until one more email may be sent; bulk mail also until no urgent mail is waiting. */
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
      this.tokens = Math.min(Math.max(1, this.perSecond), this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(((1 - this.tokens) / this.perSecond) * 1000);
    }
  }

  /** Holds every sender of the process for `ms` (SES throttled us); a longer pause already set wins. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.tokens = 0;
  }
}
