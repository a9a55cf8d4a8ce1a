/**
 * The breach's own life cycle. Notifications (obligations) run beside it, not inside it: the
 * states say where the investigation is, the obligations say who has been told.
 */
import { BREACH_STATUSES, type BreachStatus } from '@forewarn/contracts';

export { BREACH_STATUSES };
export type { BreachStatus };

/** What the rules need to know about a breach to decide a move. */
export interface TransitionFacts {
  status: BreachStatus;
  awareAt?: Date;
  /** Every obligation that applies has had its initial notification sent (vacuously true when none applies). */
  obligationsMet: boolean;
  /** At least one obligation applies (authority, customers or data subjects). */
  obligationsApply: boolean;
}

const NEXT: Record<BreachStatus, readonly BreachStatus[]> = {
  reported: ['triaged', 'not-a-breach'],
  triaged: ['contained', 'not-a-breach'],
  contained: ['notified', 'closed'],
  notified: ['closed'],
  closed: [],
  'not-a-breach': [],
};

export class BreachTransitionError extends Error {
  constructor(
    message: string,
    readonly allowed: BreachStatus[],
  ) {
    super(message);
  }
}

/** Thrown when a move needs a reason that was not given (answered as a 400 naming `reason`). */
export class ReasonRequiredError extends Error {}

/** Why a move the state graph allows is refused for this breach, or undefined when it is fine. */
function refusal(facts: TransitionFacts, to: BreachStatus): string | undefined {
  if (facts.status === 'triaged' && to !== 'not-a-breach' && !facts.awareAt) {
    return 'awareAt must be recorded before the breach leaves triage (the 72-hour clock starts there)';
  }
  if (to === 'notified' && !facts.obligationsApply) return 'no notification is required for this breach: close it instead';
  if (to === 'notified' && !facts.obligationsMet) return 'not every required notification has been sent yet';
  if (facts.status === 'contained' && to === 'closed' && facts.obligationsApply && !facts.obligationsMet) {
    return 'required notifications are still outstanding';
  }
  return undefined;
}

/** The states this breach may move to now. */
export function allowedTransitions(facts: TransitionFacts): BreachStatus[] {
  return NEXT[facts.status].filter((to) => refusal(facts, to) === undefined);
}

/** Checks one move; throws with the allowed states when it is refused. */
export function checkTransition(facts: TransitionFacts, to: BreachStatus, reason?: string): void {
  const allowed = allowedTransitions(facts);
  if (!allowed.includes(to)) {
    const why = NEXT[facts.status].includes(to) ? refusal(facts, to) : `a ${facts.status} breach cannot become ${to}`;
    throw new BreachTransitionError(`cannot move from ${facts.status} to ${to}: ${why}`, allowed);
  }
  if (to === 'not-a-breach' && !reason?.trim()) {
    throw new ReasonRequiredError('reason is required to record that this is not a breach (Art. 33(5))');
  }
}

export const isFinished = (status: BreachStatus) => status === 'closed' || status === 'not-a-breach';
