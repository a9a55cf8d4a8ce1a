import type { CustomerTerms } from '../customer.schema';

interface TermsState {
  status: 'active' | 'inactive';
  terms?: Pick<CustomerTerms, 'noticePeriodDays' | 'authorisation'>;
}

/**
 * What a write tells the other services on `customer.terms.v1`: that an active customer's terms
 * changed (or that an inactive one with terms of its own is served again), or that the customer
 * is no longer served. Terms set while a customer is inactive are told when it is reactivated.
 */
export function termsAnnouncementOf(before: TermsState, after: TermsState): 'terms-changed' | 'deactivated' | undefined {
  if (before.status === 'active' && after.status === 'inactive') return 'deactivated';
  if (after.status !== 'active' || !after.terms) return undefined;
  if (before.status === 'inactive') return 'terms-changed';
  const same = before.terms?.noticePeriodDays === after.terms.noticePeriodDays && before.terms?.authorisation === after.terms.authorisation;
  return same ? undefined : 'terms-changed';
}
