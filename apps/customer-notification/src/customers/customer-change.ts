import type { Contact, Customer, CustomerTerms } from './customer.schema';

/** What one write changes in a customer, field by field. */
export interface CustomerChange {
  set?: Partial<Pick<Customer, 'name' | 'externalId' | 'status'>>;
  /** Contacts replaced in place; contacts are never removed or reordered, so an index read earlier is still that contact. */
  changedContacts?: { index: number; contact: Contact }[];
  addedContacts?: Contact[];
  /** New terms, recorded in the history too. */
  terms?: Omit<CustomerTerms, 'changedAt' | 'changedBy'>;
}

/** The customer as it is after the change, for answers and for announcing new contacts. */
export function applied(current: Customer, change: CustomerChange, stamp: { now: Date; actor: string }): Customer {
  const contacts = [...current.contacts];
  for (const { index, contact } of change.changedContacts ?? []) contacts[index] = contact;
  const set = Object.fromEntries(Object.entries(change.set ?? {}).filter(([, v]) => v !== undefined));
  // Terms set again as they are change nothing, and add nothing to their history.
  const same = current.terms?.noticePeriodDays === change.terms?.noticePeriodDays && current.terms?.authorisation === change.terms?.authorisation;
  const terms = change.terms && !same && { ...change.terms, changedAt: stamp.now, changedBy: stamp.actor };
  return {
    ...current,
    ...set,
    contacts: [...contacts, ...(change.addedContacts ?? [])],
    ...(terms ? { terms, termsHistory: [...(current.termsHistory ?? []), terms] } : {}),
    updatedAt: stamp.now,
    updatedBy: stamp.actor,
  };
}
