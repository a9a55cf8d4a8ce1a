import { NoticePeriod } from './notice-period';

export type ChangeStatus = 'draft' | 'announced' | 'effective' | 'cancelled';

/** The effective date is too close to give customers their full notice period. */
export class NoticePeriodNotMetError extends Error {
  constructor(
    readonly earliestEffectiveAt: Date,
    readonly noticePeriodDays: number,
  ) {
    super(
      `effectiveAt must be at least ${noticePeriodDays} days after the announcement: the earliest allowed is ${earliestEffectiveAt.toISOString()}`,
    );
  }
}

/** The change is not in a state that allows the requested step. */
export class ChangeStateError extends Error {
  constructor(
    readonly status: ChangeStatus,
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

/**
 * Announcing starts the notice period now. Only a draft can be announced, and only if its
 * effective date leaves customers the whole notice period.
 */
export function announce(
  change: { status: ChangeStatus; effectiveAt: Date },
  now: Date,
  noticePeriod: NoticePeriod,
): Announcement {
  if (change.status !== 'draft') throw new ChangeStateError(change.status, 'announced');
  if (!noticePeriod.isMet(now, change.effectiveAt)) {
    throw new NoticePeriodNotMetError(noticePeriod.earliestEffectiveAt(now), noticePeriod.days);
  }
  return { announcedAt: now, effectiveAt: change.effectiveAt, noticePeriodDays: noticePeriod.days };
}

/** The subprocessors named by a change are not in the state its kind needs. */
export class ChangeTargetError extends Error {}

type TargetStatus = 'pending' | 'active' | 'removed';

/**
 * An addition brings in a registered (pending) subprocessor; a removal or update concerns one on
 * the list (active); a replacement brings in a pending one in place of an active one.
 */
export function checkChangeTargets(
  kind: 'addition' | 'replacement' | 'removal' | 'update',
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
