import type { AttemptOutcome } from './webhook-attempts';

export interface RecordedAttempt {
  attempt: number;
  at: Date | string;
  outcome: AttemptOutcome;
  statusCode?: number;
  error?: string;
}

export interface WebhookSent {
  customerId: string;
  customerName: string;
  endpointId: string;
  url: string;
  attempts: RecordedAttempt[];
}

export type WebhookStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

/** A webhook's line in a proof of notice, beside the emails: every attempt, and whether it reached the endpoint in time. */
export interface WebhookProofRow {
  customerId: string;
  customerName: string;
  endpointId: string;
  url: string;
  status: WebhookStatus;
  firstAttemptAt?: string;
  deliveredAt?: string;
  failedAt?: string;
  attempts: { attempt: number; at: string; outcome: AttemptOutcome; statusCode?: number; error?: string }[];
  noticePeriodDays: number;
  /** Delivered less than the notice period before the change takes effect. */
  late: boolean;
}

const DAY = 24 * 3600_000;
const iso = (d: Date | string) => new Date(d).toISOString();

export function webhookProofRow(sent: WebhookSent, effectiveAt: Date, noticePeriodDays: number): WebhookProofRow {
  const attempts = [...sent.attempts].sort((x, y) => x.attempt - y.attempt);
  const last = attempts.at(-1);
  const status: WebhookStatus = last?.outcome ?? 'pending';
  const delivered = last?.outcome === 'delivered' ? last : undefined;
  return {
    customerId: sent.customerId,
    customerName: sent.customerName,
    endpointId: sent.endpointId,
    url: sent.url,
    status,
    ...(attempts[0] ? { firstAttemptAt: iso(attempts[0].at) } : {}),
    ...(delivered ? { deliveredAt: iso(delivered.at) } : {}),
    ...(status === 'failed' ? { failedAt: iso(last!.at) } : {}),
    attempts: attempts.map((a) => ({ attempt: a.attempt, at: iso(a.at), outcome: a.outcome, ...(a.statusCode !== undefined ? { statusCode: a.statusCode } : {}), ...(a.error ? { error: a.error } : {}) })),
    noticePeriodDays,
    late: delivered ? new Date(delivered.at).getTime() > effectiveAt.getTime() - noticePeriodDays * DAY : false,
  };
}

/** The attempts in one CSV cell: `1 <at> 500; 2 <at> 200`, an error in place of a status. */
export const attemptsInWords = (row: WebhookProofRow): string =>
  row.attempts.map((a) => `${a.attempt} ${a.at} ${a.statusCode ?? a.error ?? a.outcome}`).join('; ');
