/**
 * Prior specific authorisation (GDPR Art. 28(2), SCC 2021 Clause 9(a) Option 1): a change may not
 * apply to the data of a customer under it until that customer approves. Each such customer has
 * an entry on the change; the change may take effect only once none is pending or objected,
 * unless compliance recorded a decision for the customer (with its reason).
 */
export const AUTHORISATION_STATES = ['pending', 'approved', 'objected', 'decided'] as const;
export type AuthorisationState = (typeof AUTHORISATION_STATES)[number];

/** What compliance may record for a customer that has not approved. */
export const AUTHORISATION_DECISIONS = ['data-excluded', 'contract-terminated', 'approved-in-writing'] as const;
export type AuthorisationDecision = (typeof AUTHORISATION_DECISIONS)[number];

export interface CustomerAuthorisation {
  customerId: string;
  customerName: string;
  state: AuthorisationState;
  requestedAt: Date;
  /** The customer's latest answer through its link: when, by which contact, and an objection's reason. */
  answeredAt?: Date;
  answeredBy?: string;
  objection?: string;
  decision?: { outcome: AuthorisationDecision; reason: string; at: Date; by: string };
}

/** A decision or answer that does not fit the customer's entry. */
export class AuthorisationError extends Error {
  constructor(
    message: string,
    readonly kind: 'unknown-customer' | 'already-settled',
  ) {
    super(message);
  }
}

/** The entries with the customers not yet asked added as pending (already asked ones keep theirs). */
export function requestAuthorisation(entries: CustomerAuthorisation[], customers: { customerId: string; customerName: string }[], now: Date): CustomerAuthorisation[] {
  const asked = new Set(entries.map((e) => e.customerId));
  const added = customers.filter((c) => !asked.has(c.customerId)).map((c) => ({ customerId: c.customerId, customerName: c.customerName, state: 'pending' as const, requestedAt: now }));
  return added.length ? [...entries, ...added] : entries;
}

/**
 * A customer's answer through its link: approval, objection, or the objection withdrawn (pending
 * again). The latest answer counts; one older than the entry's is ignored, and a decided entry
 * stays decided. Undefined: nothing changes (not a customer asked, or nothing new).
 */
export function answer(
  entries: CustomerAuthorisation[],
  customerId: string,
  given: { kind: 'approved' | 'objected' | 'withdrawn'; at: Date; by: string; reason?: string },
): CustomerAuthorisation[] | undefined {
  const index = entries.findIndex((e) => e.customerId === customerId);
  const entry = entries[index];
  if (!entry || entry.state === 'decided') return undefined;
  if (entry.answeredAt && entry.answeredAt.getTime() > given.at.getTime()) return undefined;
  if (given.kind === 'withdrawn' && entry.state !== 'objected') return undefined;
  const state: AuthorisationState = given.kind === 'withdrawn' ? 'pending' : given.kind;
  const { objection: _, ...rest } = entry;
  const updated: CustomerAuthorisation = { ...rest, state, answeredAt: given.at, answeredBy: given.by, ...(given.kind === 'objected' && given.reason ? { objection: given.reason } : {}) };
  return entries.map((e, i) => (i === index ? updated : e));
}

/** Compliance settles a customer that has not approved: its outcome and reason are kept with the entry. */
export function decide(
  entries: CustomerAuthorisation[],
  customerId: string,
  decision: { outcome: AuthorisationDecision; reason: string; at: Date; by: string },
): CustomerAuthorisation[] {
  const index = entries.findIndex((e) => e.customerId === customerId);
  if (index < 0) throw new AuthorisationError(`customerId: customer ${customerId} was not asked to authorise this change`, 'unknown-customer');
  const entry = entries[index];
  if (entry.state === 'approved' || entry.state === 'decided') {
    throw new AuthorisationError(`customer ${entry.customerName} has ${entry.state === 'approved' ? 'approved this change' : 'a decision already'}; nothing to decide`, 'already-settled');
  }
  return entries.map((e, i) => (i === index ? { ...e, state: 'decided' as const, decision } : e));
}

/** The customers that keep the change from taking effect: asked, and neither approved nor decided. */
export function awaitedAuthorisations(entries: CustomerAuthorisation[] | undefined): CustomerAuthorisation[] {
  return (entries ?? []).filter((e) => e.state === 'pending' || e.state === 'objected');
}
