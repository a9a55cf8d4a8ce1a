const DAY_MS = 24 * 60 * 60 * 1000;

import { MINIMUM_NOTICE_PERIOD_DAYS } from '@forewarn/contracts';

export { MINIMUM_NOTICE_PERIOD_DAYS };

/**
 * How long before a subprocessor change takes effect customers must have been told. It may be
 * configured longer than the legal minimum, never shorter.
 */
export class NoticePeriod {
  constructor(readonly days: number) {
    if (!Number.isInteger(days) || days < MINIMUM_NOTICE_PERIOD_DAYS) {
      throw new RangeError(`the notice period must be a whole number of days, at least ${MINIMUM_NOTICE_PERIOD_DAYS}`);
    }
  }

  /** The earliest moment a change announced at `announcedAt` may take effect. */
  earliestEffectiveAt(announcedAt: Date): Date {
    return new Date(announcedAt.getTime() + this.days * DAY_MS);
  }

  isMet(announcedAt: Date, effectiveAt: Date): boolean {
    return effectiveAt.getTime() >= this.earliestEffectiveAt(announcedAt).getTime();
  }
}
