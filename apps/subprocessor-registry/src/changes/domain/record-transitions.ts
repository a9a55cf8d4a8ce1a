import type { SubprocessorStatus } from '../../subprocessors/domain/subprocessor-record';
import type { ChangeKind } from './change-notice';

/** The moments of a change's life that touch the subprocessor records. */
export type ChangeMoment = 'announced' | 'cancelled' | 'effective';

/** One subprocessor record's step: from which statuses, to which status, and which fields change. */
export interface RecordTransition {
  subprocessorId: string;
  from: SubprocessorStatus[];
  to?: SubprocessorStatus;
  set?: Record<string, unknown>;
}

export interface ChangeTargets {
  kind: ChangeKind;
  subprocessorId: string;
  replacesSubprocessorId?: string;
  proposed?: Record<string, unknown>;
}

const listed: SubprocessorStatus[] = ['active', 'retiring'];

/**
 * What a change does to the records at each moment. Announcing a removal or replacement marks the
 * outgoing subprocessor `retiring` (still in use, leaving on the date); cancelling puts it back;
 * at the effective date the incoming one becomes `active`, the outgoing one `removed`, and an
 * update's new values replace the old ones.
 */
export function recordTransitionsOf(change: ChangeTargets, moment: ChangeMoment): RecordTransition[] {
  const outgoing = change.kind === 'removal' ? change.subprocessorId : change.kind === 'replacement' ? change.replacesSubprocessorId : undefined;
  switch (moment) {
    case 'announced':
      return outgoing ? [{ subprocessorId: outgoing, from: ['active'], to: 'retiring' }] : [];
    case 'cancelled':
      return outgoing ? [{ subprocessorId: outgoing, from: ['retiring'], to: 'active' }] : [];
    case 'effective': {
      const steps: RecordTransition[] = [];
      if (change.kind === 'addition' || change.kind === 'replacement') {
        steps.push({ subprocessorId: change.subprocessorId, from: ['pending'], to: 'active' });
      }
      if (outgoing) steps.push({ subprocessorId: outgoing, from: listed, to: 'removed' });
      if (change.kind === 'update') steps.push({ subprocessorId: change.subprocessorId, from: listed, set: change.proposed ?? {} });
      return steps;
    }
  }
}
