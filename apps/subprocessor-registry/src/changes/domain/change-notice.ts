import { customerTermsInWords, CustomerTermsReason, NoticePeriod } from './notice-period';

export const CHANGE_STATUSES = ['draft', 'announced', 'effective', 'cancelled'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];
export type ChangeKind = 'addition' | 'replacement' | 'removal' | 'update';

/** The effective date is too close to give customers their full notice period. */
export class NoticePeriodNotMetError extends Error {
  readonly noticePeriodDays: number;
  /** When customers' terms set the period: which. */
  readonly customerTerms?: CustomerTermsReason;

  constructor(
    readonly earliestEffectiveAt: Date,
    period: NoticePeriod,
  ) {
    const why = period.customerTerms ? ` (${customerTermsInWords(period.customerTerms)})` : '';
    super(`effectiveAt must be at least ${period.days} days after the announcement${why}: the earliest allowed is ${earliestEffectiveAt.toISOString()}`);
    this.noticePeriodDays = period.days;
    this.customerTerms = period.customerTerms;
  }
}

/** The change is not in a state that allows the requested step. */
export class ChangeStateError extends Error {
  constructor(
    readonly status: ChangeStatus | 'taking effect',
    action: string,
  ) {
    super(`a change that is ${status} cannot be ${action}`);
  }
}

export interface Announcement {
  announcedAt: Date;
  effectiveAt: Date;
  noticePeriodDays: number;
}

/** A new subprocessor cannot be announced before the data protection terms imposed on it are on record. */
export class DpaMissingError extends Error {
  constructor(subprocessorName: string) {
    super(
      `subprocessorId: ${subprocessorName} has no DPA on record; record its dpaSignedAt (PATCH /api/v1/subprocessors/:id) before announcing it`,
    );
  }
}

/**
 * Announcing starts the notice period now. Only a draft can be announced, only if its effective
 * date leaves customers the whole notice period, and a subprocessor coming in (addition or
 * replacement) needs its DPA recorded first.
 */
export function announce(
  change: { status: ChangeStatus; effectiveAt: Date; kind: ChangeKind; incoming?: { name: string; dpaSignedAt?: Date } },
  now: Date,
  noticePeriod: NoticePeriod,
): Announcement {
  if (change.status !== 'draft') throw new ChangeStateError(change.status, 'announced');
  if ((change.kind === 'addition' || change.kind === 'replacement') && !change.incoming?.dpaSignedAt) {
    throw new DpaMissingError(change.incoming?.name ?? 'the subprocessor');
  }
  if (!noticePeriod.isMet(now, change.effectiveAt)) {
    throw new NoticePeriodNotMetError(noticePeriod.earliestEffectiveAt(now), noticePeriod);
  }
  return { announcedAt: now, effectiveAt: change.effectiveAt, noticePeriodDays: noticePeriod.days };
}

/**
 * Moves an announced change's date. Later is always fine; earlier only while the date still
 * leaves the notice period after the announcement, and never into the past. The period is the one
 * promised at announcement, or what customers' terms ask now if that is longer (`noticePeriod` is
 * the period owed now). `undefined` means the date is unchanged, so nothing happens.
 */
export function reschedule(
  change: { status: ChangeStatus; effectiveAt: Date; announcedAt?: Date; noticePeriodDays?: number },
  newEffectiveAt: Date,
  now: Date,
  noticePeriod: NoticePeriod,
): { previousEffectiveAt: Date; effectiveAt: Date } | undefined {
  if (change.status !== 'announced') throw new ChangeStateError(change.status, 'rescheduled');
  if (newEffectiveAt.getTime() === change.effectiveAt.getTime()) return undefined;
  // The period customers were promised at announcement (the standard one may since have been
  // configured longer); a customer's terms bind whenever they are longer.
  const promised = new NoticePeriod(change.noticePeriodDays ?? noticePeriod.days);
  const owed = (noticePeriod.customerTerms?.longestDays ?? 0) >= promised.days ? noticePeriod : promised;
  const earliest = new Date(Math.max(owed.earliestEffectiveAt(change.announcedAt!).getTime(), now.getTime() + 1));
  if (newEffectiveAt.getTime() < earliest.getTime()) throw new NoticePeriodNotMetError(earliest, owed);
  return { previousEffectiveAt: change.effectiveAt, effectiveAt: newEffectiveAt };
}

/**
 * A draft or an announced change can be called off; one in effect or already cancelled cannot. One
 * held at its date for want of customers' approval can still be called off.
 */
export function cancel(change: { status: ChangeStatus; effectiveAt: Date; heldSince?: Date }, now: Date): { wasAnnounced: boolean } {
  if (change.status !== 'draft' && change.status !== 'announced') throw new ChangeStateError(change.status, 'cancelled');
  const held = !!change.heldSince && change.heldSince.getTime() >= change.effectiveAt.getTime();
  // Its date has come: the effective transition is applying it, too late to call it off.
  if (isDue(change, now) && !held) throw new ChangeStateError('taking effect', 'cancelled');
  return { wasAnnounced: change.status === 'announced' };
}

/** Whether a change should take effect now: announced, and its date reached. */
export function isDue(change: { status: ChangeStatus; effectiveAt: Date }, now: Date): boolean {
  return change.status === 'announced' && change.effectiveAt.getTime() <= now.getTime();
}

/** The subprocessors named by a change are not in the state its kind needs. */
export class ChangeTargetError extends Error {}

type TargetStatus = 'pending' | 'active' | 'retiring' | 'removed';

/**
 * An addition brings in a registered (pending) subprocessor; a removal or update concerns one on
 * the list (active); a replacement brings in a pending one in place of an active one.
 */
export function checkChangeTargets(
  kind: ChangeKind,
  subprocessor: { id: string; status: TargetStatus },
  replaced?: { id: string; status: TargetStatus },
): void {
  const needs = (field: string, status: TargetStatus, actual?: TargetStatus) => {
    if (actual !== status) {
      throw new ChangeTargetError(`${field}: a${kind === 'addition' ? 'n' : ''} ${kind} needs a subprocessor that is ${status}, not ${actual ?? 'missing'}`);
    }
  };
  if (kind === 'addition' || kind === 'replacement') needs('subprocessorId', 'pending', subprocessor.status);
  else needs('subprocessorId', 'active', subprocessor.status);
  if (kind === 'replacement') {
    needs('replacesSubprocessorId', 'active', replaced?.status);
    if (replaced!.id === subprocessor.id) throw new ChangeTargetError('replacesSubprocessorId: a subprocessor cannot replace itself');
  } else if (replaced) {
    throw new ChangeTargetError(`replacesSubprocessorId: only a replacement names a replaced subprocessor`);
  }
}

/** The proposed values do not fit the change's kind (bad input, not a state problem). */
export class ProposedValuesError extends Error {}

/** An update says what changes; the other kinds carry no new values. */
export function checkProposed(kind: ChangeKind, proposed?: Record<string, unknown>): void {
  const fields = Object.keys(proposed ?? {});
  if (kind === 'update' && fields.length === 0) {
    throw new ProposedValuesError('proposed: an update names at least one new value (e.g. locations, purpose, dataCategories)');
  }
  if (kind !== 'update' && fields.length > 0) throw new ProposedValuesError('proposed: only an update carries new values');
}
