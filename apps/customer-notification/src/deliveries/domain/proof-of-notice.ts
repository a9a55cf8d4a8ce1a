import { attemptsInWords, WebhookProofRow } from '../../customer-webhooks/domain/webhook-proof';
import { EmailFacts, reachOf, statusOf, DeliveryStatus } from './delivery-status';

export interface ToldContact {
  customerId: string;
  customerName: string;
  contactId: string;
  contactName: string;
  email: string;
  facts: EmailFacts;
}

export interface ProofRow {
  customerId: string;
  customerName: string;
  contactId: string;
  contactName: string;
  email: string;
  status: DeliveryStatus;
  template?: string;
  templateVersion?: number;
  sesMessageId?: string;
  sentAt?: string;
  deliveredAt?: string;
  bouncedAt?: string;
  complainedAt?: string;
  failedAt?: string;
  /** The notice period this contact was owed: its customer's own terms, or the standard one. */
  noticePeriodDays: number;
  /** Less than that notice period before the change takes effect (or not reached at all: see status). */
  late: boolean;
}

const iso = (d?: Date) => (d ? new Date(d).toISOString() : undefined);

/** The row of one contact sent the notice: when they were told, and whether that was late. */
export function proofRow(c: ToldContact, effectiveAt: Date, noticePeriodDays: number): ProofRow {
  const { facts } = c;
  return {
    customerId: c.customerId,
    customerName: c.customerName,
    contactId: c.contactId,
    contactName: c.contactName,
    email: c.email,
    status: statusOf(facts),
    template: facts.sent?.template,
    templateVersion: facts.sent?.templateVersion,
    sesMessageId: facts.sent?.sesMessageId,
    sentAt: iso(facts.sent?.at),
    deliveredAt: iso(facts.delivered?.at),
    bouncedAt: iso(facts.bounced?.at),
    complainedAt: iso(facts.complained?.at),
    failedAt: iso(facts.failed?.at),
    noticePeriodDays,
    late: reachOf(facts, effectiveAt, noticePeriodDays).late,
  };
}

const CSV_COLUMNS: (keyof ProofRow)[] = [
  'customerId', 'customerName', 'contactId', 'contactName', 'email', 'status', 'template', 'templateVersion',
  'sesMessageId', 'sentAt', 'deliveredAt', 'bouncedAt', 'complainedAt', 'failedAt', 'noticePeriodDays', 'late',
];

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
const cell = (value: unknown) => {
  let s = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Webhook rows share the email columns (the endpoint in place of the contact) and add their own. */
const CHANNEL_COLUMNS = ['channel', 'endpointUrl', 'webhookAttempts'] as const;

export const PROOF_CSV_HEADER = `${[...CSV_COLUMNS, ...CHANNEL_COLUMNS].join(',')}\r\n`;

/** One CSV line (with its line break) of a proof row. */
export function proofCsvLine(row: ProofRow): string {
  return `${CSV_COLUMNS.map((c) => cell(row[c])).join(',')},email,,\r\n`;
}

/** One CSV line of a webhook's row: its endpoint, when it was first tried and delivered, and every attempt. */
export function webhookCsvLine(row: WebhookProofRow): string {
  const asEmailColumns: Partial<Record<keyof ProofRow, unknown>> = {
    customerId: row.customerId,
    customerName: row.customerName,
    contactId: row.endpointId,
    status: row.status,
    sentAt: row.firstAttemptAt,
    deliveredAt: row.deliveredAt,
    failedAt: row.failedAt,
    noticePeriodDays: row.noticePeriodDays,
    late: row.late,
  };
  return `${[...CSV_COLUMNS.map((c) => asEmailColumns[c]), 'webhook', row.url, attemptsInWords(row)].map(cell).join(',')}\r\n`;
}
