import type { UpdateQuery } from 'mongoose';
import type { Contact, Customer } from './customer.schema';

/** What one write changes in a customer, field by field. */
export interface CustomerChange {
  set?: Partial<Pick<Customer, 'name' | 'externalId' | 'status'>>;
  /** Contacts replaced in place; contacts are never removed or reordered, so an index read earlier is still that contact. */
  changedContacts?: { index: number; contact: Contact }[];
  addedContacts?: Contact[];
}

/**
 * The updates (by `_id` alone) that make a change. Field-level `$set` and `$push` rather than
 * writing back a document read earlier: a concurrent edit of other fields or contacts survives,
 * and no guard condition is needed, which matters on FerretDB, where an update filtered on
 * `_id` plus another field costs about five times one on `_id` alone. MongoDB refuses `$set` on
 * `contacts.N` together with `$push` to `contacts`, so a change doing both takes two updates.
 */
export function customerUpdates(change: CustomerChange, stamp: { now: Date; actor: string }): UpdateQuery<Customer>[] {
  const set: Record<string, unknown> = { updatedAt: stamp.now, updatedBy: stamp.actor };
  for (const [field, value] of Object.entries(change.set ?? {})) if (value !== undefined) set[field] = value;
  for (const { index, contact } of change.changedContacts ?? []) set[`contacts.${index}`] = contact;
  const added = change.addedContacts ?? [];
  if (added.length === 0) return [{ $set: set }];
  const push = { $push: { contacts: { $each: added } } };
  return change.changedContacts?.length ? [{ $set: set }, push] : [{ $set: set, ...push }];
}

/** The customer as it is after the change, for answers and for announcing new contacts. */
export function applied(current: Customer, change: CustomerChange, stamp: { now: Date; actor: string }): Customer {
  const contacts = [...current.contacts];
  for (const { index, contact } of change.changedContacts ?? []) contacts[index] = contact;
  const set = Object.fromEntries(Object.entries(change.set ?? {}).filter(([, v]) => v !== undefined));
  return { ...current, ...set, contacts: [...contacts, ...(change.addedContacts ?? [])], updatedAt: stamp.now, updatedBy: stamp.actor };
}
