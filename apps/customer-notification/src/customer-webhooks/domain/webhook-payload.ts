/**
 * What a customer's endpoint receives: the Standard Webhooks envelope `{ type, timestamp, data }`
 * with the event's data for that customer. Fields that name other customers (who else a breach
 * affects, who else a change still waits for) never leave: the payload is built from the event
 * with those fields taken out, and says only whether this customer's approval is asked.
 */
const OTHER_CUSTOMERS = ['affectedCustomerIds', 'pendingAuthorisationCustomerIds'] as const;

export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export function webhookPayload(type: string, occurredAt: string, eventData: Record<string, unknown>, customerId: string, extra: Record<string, unknown> = {}): WebhookPayload {
  const data: Record<string, unknown> = { ...eventData };
  for (const field of OTHER_CUSTOMERS) delete data[field];
  return { type, timestamp: occurredAt, data: { ...data, customerId, ...extra } };
}

/**
 * A webhook's `type` from the event's CloudEvents type: `com.forewarn.subprocessor.change.announced.v1`
 * is `subprocessor.change.announced`; a breach notice to customers is `breach.notice` (its `phase`
 * says initial or follow-up).
 */
export function webhookTypeOf(eventType: string): string {
  const short = eventType.replace(/^com\.forewarn\./, '').replace(/\.v\d+$/, '');
  return short === 'breach.incident.customer-notice-requested' ? 'breach.notice' : short;
}
