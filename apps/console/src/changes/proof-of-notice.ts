import { Pager, pageOf } from '../views/paging';

export interface ProofRow {
  customerId: string;
  customerName?: string;
  contactName?: string;
  email: string;
  status: string;
  sentAt?: string;
  deliveredAt?: string;
  bouncedAt?: string;
  failedAt?: string;
  /** Its customer's own notice period, or the standard one. */
  noticePeriodDays: number;
  late: boolean;
}

export interface ProofOfNotice {
  changeId: string;
  status: string;
  effectiveAt: string;
  noticePeriodDays: number;
  contacts: ProofRow[];
  /** One row per customer endpoint sent the notice by webhook, with its attempts. */
  webhooks?: { customerName: string; url: string; status: string; attempts: { at: string; statusCode?: number; error?: string }[]; deliveredAt?: string; noticePeriodDays: number; late: boolean }[];
}

/** One page of the proof, with the counts a compliance officer looks for first. */
export function proofPageOf(proof: ProofOfNotice, path: string, query: Record<string, string>): { rows: ProofRow[]; pager?: Pager; counts: Record<string, number> } {
  const counts = { total: proof.contacts.length, late: 0, delivered: 0, bounced: 0, failed: 0 };
  for (const row of proof.contacts) {
    if (row.late) counts.late++;
    if (row.deliveredAt) counts.delivered++;
    if (row.bouncedAt) counts.bounced++;
    if (row.failedAt) counts.failed++;
  }
  const shown = query.late === '1' ? proof.contacts.filter((r) => r.late) : proof.contacts;
  const { items, pager } = pageOf(shown, path, query, 100);
  return { rows: items, pager, counts };
}
