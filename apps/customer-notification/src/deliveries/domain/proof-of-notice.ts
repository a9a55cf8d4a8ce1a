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
  /** Less than the notice period before the change takes effect (or not reached at all: see status). */
  late: boolean;
}

const iso = (d?: Date) => (d ? new Date(d).toISOString() : undefined);

/** One row per contact sent the notice, with when they were told and whether that was late. */
export function proofRows(told: ToldContact[], effectiveAt: Date, noticePeriodDays: number): ProofRow[] {
  return told
    .map((c) => {
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
        late: reachOf(facts, effectiveAt, noticePeriodDays).late,
      };
    })
    .sort((a, b) => a.customerName.localeCompare(b.customerName) || a.email.localeCompare(b.email));
}

const CSV_COLUMNS: (keyof ProofRow)[] = [
  'customerId', 'customerName', 'contactId', 'contactName', 'email', 'status', 'template', 'templateVersion',
  'sesMessageId', 'sentAt', 'deliveredAt', 'bouncedAt', 'complainedAt', 'failedAt', 'late',
];

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
const cell = (value: unknown) => {
  let s = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function proofCsv(rows: ProofRow[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
