const DAY_MS = 24 * 60 * 60 * 1000;

import { MINIMUM_NOTICE_PERIOD_DAYS } from '@forewarn/contracts';

export { MINIMUM_NOTICE_PERIOD_DAYS };

/** A customer's own notice period, from its terms. */
export interface CustomerNoticeTerms {
  customerId: string;
  noticePeriodDays: number;
}

/** Customers named at most, of those whose terms set a period; the count says how many there are. */
const NAMED_AT_MOST = 10;

/** Which customers' terms make a notice period longer than the standard one. */
export interface CustomerTermsReason {
  /** The longest period any customer's terms ask. */
  longestDays: number;
  /** Customers whose terms ask the longest (the first few, by id) and how many do. */
  setBy: string[];
  setByCount: number;
  /** Every period longer than the standard that some customer's terms ask, longest first, with how many ask it. */
  periods: { noticePeriodDays: number; customers: number }[];
}

/**
 * How long before a subprocessor change takes effect customers must have been told. It may be
 * configured longer than the legal minimum, never shorter; a customer's terms may ask longer
 * still (see `noticePeriodOwed`).
 */
export class NoticePeriod {
  constructor(
    readonly days: number,
    /** Set when customers' terms made it longer than the standard period. */
    readonly customerTerms?: CustomerTermsReason,
  ) {
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

/**
 * The period a change owes the customers it affects: the standard one, or the longest any
 * customer's terms ask, whichever is longer, with the customers behind it when it is theirs.
 */
export function noticePeriodOwed(standard: NoticePeriod, terms: CustomerNoticeTerms[]): NoticePeriod {
  const longer = terms.filter((t) => t.noticePeriodDays > standard.days);
  if (longer.length === 0) return standard;
  const customersOf = new Map<number, string[]>();
  for (const t of longer) customersOf.set(t.noticePeriodDays, [...(customersOf.get(t.noticePeriodDays) ?? []), t.customerId]);
  const periods = [...customersOf.entries()].sort(([a], [b]) => b - a).map(([noticePeriodDays, ids]) => ({ noticePeriodDays, customers: ids.length }));
  const longestDays = periods[0].noticePeriodDays;
  const setBy = [...customersOf.get(longestDays)!].sort();
  return new NoticePeriod(longestDays, { longestDays, setBy: setBy.slice(0, NAMED_AT_MOST), setByCount: setBy.length, periods });
}

/** "the terms of customer X ask for it" / "the terms of 3 customers ask for it (X, Y, Z)", for a refusal's message. */
export function customerTermsInWords(reason: CustomerTermsReason): string {
  if (reason.setByCount === 1) return `the terms of customer ${reason.setBy[0]} ask for it`;
  const more = reason.setByCount > reason.setBy.length ? `, and ${reason.setByCount - reason.setBy.length} more` : '';
  return `the terms of ${reason.setByCount} customers ask for it (${reason.setBy.join(', ')}${more})`;
}
