import { randomUUID } from 'node:crypto';
import { Contact, Customer, CustomerStatus, NOTICE_TOPICS } from '../customer.schema';
import { applied, CustomerChange } from '../customer-change';
import { newContact } from '../domain/contacts';
import { mailboxKey } from '../domain/email-address';
import type { ImportRow, RejectedRow } from './import-rows';

/** What the import does to one customer, and which rows asked for it. */
export interface PlannedCustomer {
  customer: Customer;
  rows: number[];
  /** Contacts who start receiving notices with this import (new, or active again). */
  joined: Contact[];
}

export interface PlannedUpdate extends PlannedCustomer {
  change: CustomerChange;
  changed: ('name' | 'status' | 'contacts')[];
}

export interface ImportPlan {
  create: PlannedCustomer[];
  update: PlannedUpdate[];
  unchanged: PlannedCustomer[];
  rejected: RejectedRow[];
}

interface Group {
  externalId: string;
  customerName: string;
  firstRow: number;
  status?: CustomerStatus;
  rows: number[];
  contacts: Map<string, { row: number; contact: NonNullable<ImportRow['contact']> }>;
}

/** Rows grouped by customer; rows that contradict an earlier row of the same customer are rejected. */
function group(rows: ImportRow[], rejected: RejectedRow[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    let g = groups.get(r.externalId);
    if (!g) {
      g = { externalId: r.externalId, customerName: r.customerName, firstRow: r.row, rows: [], contacts: new Map() };
      groups.set(r.externalId, g);
    }
    const reject = (field: string, reason: string) => rejected.push({ row: r.row, externalId: r.externalId, field, reason });
    if (r.customerName !== g.customerName) {
      reject('customerName', `differs from row ${g.firstRow} ("${g.customerName}") for the same externalId`);
      continue;
    }
    if (r.status && g.status && r.status !== g.status) {
      reject('status', `differs from an earlier row ("${g.status}") for the same externalId`);
      continue;
    }
    if (r.contact) {
      const key = mailboxKey(r.contact.email);
      const earlier = g.contacts.get(key);
      if (earlier) {
        reject('email', `${r.contact.email} is already listed for this customer in row ${earlier.row}`);
        continue;
      }
      g.contacts.set(key, { row: r.row, contact: r.contact });
    }
    g.status ??= r.status;
    if (!g.rows.includes(r.row)) g.rows.push(r.row);
  }
  return [...groups.values()];
}

/**
 * Decides what an import does, from its rows and the customers already there (by externalId):
 * new customers are created; existing ones get the rows' name, status and contacts. An import
 * adds and updates contacts; it never removes one a file leaves out (a partial export from
 * billing must not silently stop notices), deactivation is explicit.
 */
export function planImport(
  parsed: { rows: ImportRow[]; rejected: RejectedRow[] },
  existing: ReadonlyMap<string, Customer>,
  stamp: { now: Date; actor: string },
): ImportPlan {
  const plan: ImportPlan = { create: [], update: [], unchanged: [], rejected: [...parsed.rejected] };
  for (const g of group(parsed.rows, plan.rejected)) {
    const incoming = [...g.contacts.values()].map((c) => c.contact);
    const current = existing.get(g.externalId);
    if (!current) {
      const contacts = incoming.map(newContact);
      const status = g.status ?? 'active';
      const customer: Customer = {
        _id: randomUUID(),
        externalId: g.externalId,
        name: g.customerName,
        status,
        contacts,
        createdAt: stamp.now,
        createdBy: stamp.actor,
      };
      plan.create.push({ customer, rows: g.rows, joined: status === 'active' ? contacts : [] });
      continue;
    }
    const changed: PlannedUpdate['changed'] = [];
    const change: Required<Omit<CustomerChange, 'terms'>> = { set: {}, changedContacts: [], addedContacts: [] };
    const joinedContacts: Contact[] = [];
    for (const c of incoming) {
      const receives = c.receives ?? [...NOTICE_TOPICS];
      const index = current.contacts.findIndex((k) => mailboxKey(k.email) === mailboxKey(c.email));
      if (index < 0) {
        const added = newContact(c);
        change.addedContacts.push(added);
        joinedContacts.push(added);
        continue;
      }
      const before = current.contacts[index];
      const after: Contact = { ...before, name: c.name, email: c.email, receives, active: true };
      if (after.name !== before.name || after.email !== before.email || !before.active || receives.join() !== before.receives.join()) {
        change.changedContacts.push({ index, contact: after });
        if (!before.active || receives.some((r) => !before.receives.includes(r))) joinedContacts.push(after);
      }
    }
    if (change.addedContacts.length > 0 || change.changedContacts.length > 0) changed.push('contacts');
    if (g.customerName !== current.name) {
      changed.push('name');
      change.set.name = g.customerName;
    }
    const status = g.status ?? current.status;
    if (status !== current.status) {
      changed.push('status');
      change.set.status = status;
    }
    if (changed.length === 0) {
      plan.unchanged.push({ customer: current, rows: g.rows, joined: [] });
      continue;
    }
    const customer = applied(current, change, stamp);
    // Made active again: everyone on it is new to the notices still pending.
    const joined = status !== 'active' ? [] : current.status !== 'active' ? customer.contacts.filter((c) => c.active) : joinedContacts;
    plan.update.push({ customer, rows: g.rows, joined, change, changed });
  }
  return plan;
}
