/** How often a replica with no share of the quota looks again. */
const NO_SHARE_WAIT_MS = 250;

/**
 * A token bucket that holds this process's send rate at or under its share of the SES quota: every
 * sender in it takes its tokens here. It measures real elapsed time (not the business clock): the
 * quota is a property of the provider, not of the domain. `pauseFor` stops everyone when SES says
 * it is throttling us; `shareQuota` sets the fraction of the account's quota this replica may use.
 */
export class SendRateLimiter {
  private perSecond: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;

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

  /** Waits until one more email may be sent. */
  async acquire(): Promise<void> {
    for (;;) {
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
