import { randomUUID } from 'node:crypto';
import { Contact, NOTICE_TOPICS, NoticeTopic } from '../customer.schema';
import { mailboxKey } from './email-address';

/** A contact joining a customer: active, and receiving every kind of notice unless told otherwise. */
export function newContact(fields: { name: string; email: string; receives?: NoticeTopic[] }): Contact {
  return { id: randomUUID(), name: fields.name, email: fields.email, receives: fields.receives ?? [...NOTICE_TOPICS], active: true };
}

/** The first contact whose mailbox an earlier one has: that person would get every notice twice. */
export function repeatedAddress(contacts: { email: string }[]): { index: number; email: string } | undefined {
  const seen = new Set<string>();
  for (const [index, { email }] of contacts.entries()) {
    if (seen.has(mailboxKey(email))) return { index, email };
    seen.add(mailboxKey(email));
  }
  return undefined;
}
