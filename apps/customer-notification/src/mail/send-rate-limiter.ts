/** How often a replica with no share of the quota, or bulk mail held for urgent, looks again. */
const NO_SHARE_WAIT_MS = 250;
const HELD_WAIT_MS = 100;
/** How often a sender looks again while the send a window ago still has no answer from SES. */
const UNANSWERED_WAIT_MS = 10;

/** One send's place in the log: when SES answered it, or Infinity until then. */
interface SendMark {
  at: number;
}

/** A sender's turn: call `done` once SES has answered the send (or it was not made), always. */
export interface SendTurn {
  done(): void;
}

/**
 * Holds this process's sends at or under its share of the SES quota in every second, not only on
 * average, and in SES's own clock: a sliding log of the last `n` sends (n = the rate rounded
 * down), each at the moment SES answered it, and a send may start when the n-th last one was
 * answered a second ago (below one a second: one per 1 / rate seconds). SES accepts a send before
 * it answers, and the next one after it starts, so however long requests take, SES never accepts
 * more than n in a second; logged when let go, requests slowed by a busy event loop, a database
 * write or a new connection reached SES bunched with the next second's (59 in one second at 50).
 * Shares round down, so replicas' sends in any second add up to no more than the quota. A token
 * bucket would let a full bucket and its refill through in the same second, twice the quota.
 *
 * Every sender of the process takes its turn here. It measures real elapsed time (not the business
 * clock): the quota is a property of the provider, not of the domain. `pauseFor` stops everyone
 * when SES says it is throttling us; `shareQuota` sets the fraction of the account's quota this
 * replica may use; `holdBulkWhile` keeps bulk senders waiting while urgent mail is being sent.
 */
export class SendRateLimiter {
  private perSecond: number;
  /** The last `n` sends, oldest at `oldest`. */
  private log: SendMark[] = [];
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
    this.paceFrom(this.now());
    // The recent sends (answered or not) take the newest places of the new log, where they are later than the paced ones.
    const kept = recent.slice(-this.log.length);
    const first = this.log.length - kept.length;
    kept.forEach((mark, i) => {
      if (mark.at > this.log[first + i].at) this.log[first + i] = mark;
    });
    this.sends = kept.length;
  }

  holdBulkWhile(held: () => boolean): void {
    this.bulkHeld = held;
  }

  /**
   * Waits until sending may go on at all: no throttling pause, a share of the quota, and for bulk
   * mail no urgent mail being sent. Takes no turn: a sender waits here before it takes a slot and
   * renews its lease, so a held bulk sender never holds a slot urgent senders need, and a long
   * wait never outlasts a lease.
   */
  async ready(urgent = false): Promise<void> {
    for (let ms = this.blockedFor(urgent); ms > 0; ms = this.blockedFor(urgent)) await this.sleep(ms);
  }

  /**
   * Waits for this send's turn in the rate, right before the request: the turn counts from SES's
   * answer (`done`), so the time before the send (a slot, a lease) must not be inside it. Answers
   * undefined if a pause, the loss of the share or a hold for urgent mail came since `ready`: the
   * sender gives its slot back and waits in `ready` again.
   */
  async acquire(urgent = false): Promise<SendTurn | undefined> {
    for (;;) {
      if (this.blockedFor(urgent) > 0) return undefined;
      const now = this.now();
      // Idle for a window (the newest entry is that old): start paced from now, not with a burst of a window's sends.
      if (now - this.log[(this.oldest + this.log.length - 1) % this.log.length].at >= this.windowMs()) this.paceFrom(now);
      const waitMs = this.log[this.oldest].at + this.windowMs() - now;
      if (waitMs <= 0) {
        const mark: SendMark = { at: Infinity };
        this.log[this.oldest] = mark;
        this.oldest = (this.oldest + 1) % this.log.length;
        this.sends = Math.min(this.sends + 1, this.log.length);
        return { done: () => void (mark.at === Infinity && (mark.at = this.now())) };
      }
      await this.sleep(Number.isFinite(waitMs) ? waitMs : UNANSWERED_WAIT_MS);
    }
  }

  /** How long a sender should wait before looking again (0: nothing holds it). */
  private blockedFor(urgent: boolean): number {
    if (!urgent && this.bulkHeld()) return HELD_WAIT_MS;
    const now = this.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (this.perSecond === 0) return NO_SHARE_WAIT_MS;
    return 0;
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
    const slots = Math.max(1, Math.floor(this.perSecond));
    const spacing = this.perSecond === 0 ? 0 : this.windowMs() / slots;
    this.log = Array.from({ length: slots }, (_, i) => ({ at: this.perSecond === 0 ? -Infinity : at - this.windowMs() + i * spacing }));
  }

  private windowMs(): number {
    return this.perSecond >= 1 ? 1000 : 1000 / this.perSecond;
  }

  /** The real sends in the log, oldest first. */
  private recentSends(): SendMark[] {
    const newestFirst = Array.from({ length: this.sends }, (_, i) => this.log[(this.oldest - 1 - i + 2 * this.log.length) % this.log.length]);
    return newestFirst.reverse();
  }
}
