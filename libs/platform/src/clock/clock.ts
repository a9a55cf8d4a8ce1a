/**
 * The only way domain and application code learns the time. Production uses the system clock;
 * tests (and the opt-in test-clock endpoint) move an adjustable one forward so that 30 days or
 * 72 hours pass in milliseconds.
 */
export abstract class Clock {
  abstract now(): Date;

  /**
   * Work that comes due with time (timers, retries) registers here to run at once when time
   * jumps forward. Only the test clock jumps; real time just passes, and pollers notice.
   */
  abstract onAdvance(listener: ClockAdvanceListener): void;
}

export type ClockAdvanceListener = (now: Date) => Promise<void> | void;

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }

  onAdvance(): void {
    // real time never jumps
  }
}

/** Real time plus an offset that only ever grows, so time never runs backwards for timers. */
export class AdjustableClock extends Clock {
  private offsetMs = 0;
  private readonly listeners: ClockAdvanceListener[] = [];

  constructor(private readonly base: () => number = () => new Date().getTime()) {
    super();
  }

  override now(): Date {
    return new Date(this.base() + this.offsetMs);
  }

  /** Moves time forward and waits until every listener (e.g. the timer poller) has caught up. */
  async advance(ms: number): Promise<Date> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a non-negative number');
    this.offsetMs += ms;
    const now = this.now();
    for (const listener of this.listeners) await listener(now);
    return now;
  }

  override onAdvance(listener: ClockAdvanceListener): void {
    this.listeners.push(listener);
  }
}
