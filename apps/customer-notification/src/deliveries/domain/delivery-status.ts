export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'bounced', 'complained', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The facts recorded about one email, each at most once. */
export interface EmailFacts {
  sent?: { at: Date; sesMessageId?: string; template?: string; templateVersion?: number; subject?: string };
  failed?: { at: Date; detail?: string; attempts?: number };
  delivered?: { at: Date };
  bounced?: { at: Date; detail?: string };
  complained?: { at: Date; detail?: string };
}

/** One recorded outcome of an email, as stored. */
export interface OutcomeFact {
  kind: 'sent' | 'failed' | 'delivered' | 'bounced' | 'complained';
  at: Date;
  sesMessageId?: string;
  template?: string;
  templateVersion?: number;
  subject?: string;
  detail?: string;
  attempts?: number;
}

/**
 * An email's status, read from its facts: the worst thing SES reported wins (a complaint after
 * delivery is still a complaint), then delivery, then acceptance. No fact yet means pending.
 */
export function statusOf(facts: EmailFacts): DeliveryStatus {
  if (facts.complained) return 'complained';
  if (facts.bounced) return 'bounced';
  if (facts.delivered) return 'delivered';
  if (facts.sent) return 'sent';
  if (facts.failed) return 'failed';
  return 'pending';
}

/**
 * When the contact was reached, for proof of notice: delivery if SES reported it, else acceptance.
 * `late` when that left less than the notice period before the change takes effect.
 */
export function reachOf(facts: EmailFacts, effectiveAt: Date, noticePeriodDays: number): { reachedAt?: Date; late: boolean } {
  const reachedAt = facts.delivered?.at ?? (facts.bounced ? undefined : facts.sent?.at);
  if (!reachedAt) return { late: false };
  const latestInTime = effectiveAt.getTime() - noticePeriodDays * 24 * 3600 * 1000;
  return { reachedAt, late: reachedAt.getTime() > latestInTime };
}
