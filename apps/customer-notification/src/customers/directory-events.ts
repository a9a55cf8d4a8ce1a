import { Injectable } from '@nestjs/common';
import type { Recipient } from './recipient';

export type ContactsAddedListener = (recipients: Recipient[]) => Promise<void>;

/**
 * Tells the rest of the service about contacts who just joined the directory (a new customer, an
 * import, or contacts added to a customer), so notices still pending reach them too. In-process
 * and awaited: the directory write has happened when listeners run, and a listener that fails
 * fails the request, which the caller can retry (the listener's own writes are idempotent).
 */
@Injectable()
export class DirectoryEvents {
  private readonly listeners: ContactsAddedListener[] = [];

  onContactsAdded(listener: ContactsAddedListener): void {
    this.listeners.push(listener);
  }

  /** Every new active contact of an active customer, whatever it receives; listeners filter. */
  async contactsAdded(recipients: Recipient[]): Promise<void> {
    if (recipients.length === 0) return;
    for (const listener of this.listeners) await listener(recipients);
  }
}
