import type { NoticeTopic } from './customer.schema';

/** A contact who is to receive a notice, with what the email needs to address them. */
export interface Recipient {
  customerId: string;
  customerName: string;
  contactId: string;
  contactName: string;
  email: string;
  /** The kinds of notice this contact receives (listeners of new contacts filter on it). The
   *  directory always sets it; optional only so hand-made recipients in tests stay valid. */
  receives?: NoticeTopic[];
  /** Set when the customer's terms ask for specific prior authorisation of subprocessor changes. */
  authorisation?: 'specific';
}
