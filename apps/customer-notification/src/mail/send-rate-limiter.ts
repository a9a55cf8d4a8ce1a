/**
 * A token bucket that holds the send rate at or under the SES quota for the whole process: every
 * sender in it takes its tokens here. It measures real elapsed time (not the business clock): the
 * quota is a property of the provider, not of the domain. `pauseFor` stops everyone when SES says
 * it is throttling us.
 */
export class SendRateLimiter {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = Math.max(1, perSecond);
    this.last = now();
  }

  /** Waits until one more email may be sent. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.now();
      if (now < this.pausedUntil) {
        await this.sleep(this.pausedUntil - now);
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
