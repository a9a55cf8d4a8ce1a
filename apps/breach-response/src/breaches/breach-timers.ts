import type { BreachDeadlineKind } from '@forewarn/contracts';
import { BREACH_DEADLINES } from '@forewarn/contracts';
import type { TimerSpec } from '@forewarn/scheduling';
import { BreachDeadline, escalationsFor } from './domain/breach-deadlines';

export const ESCALATION_TIMER = 'breach.escalation';
export const DEADLINE_TIMER = 'breach.deadline';

export interface BreachTimerPayload {
  breachId: string;
  deadline: BreachDeadlineKind;
  dueAt: string;
  hoursBefore?: number;
}

const deadlineTimerId = (breachId: string, kind: BreachDeadlineKind) => `breach:${breachId}:${kind}`;
const escalationTimerId = (breachId: string, kind: BreachDeadlineKind, hours: number) => `breach:${breachId}:${kind}:${hours}h`;

/** The timers a breach needs for its open deadlines: a reminder at each offset, and the deadline itself. */
export function timersFor(breachId: string, open: BreachDeadline[], offsetsHours: number[], now: Date): TimerSpec[] {
  return open.flatMap((d) => {
    const base = { breachId, deadline: d.kind, dueAt: d.dueAt.toISOString() };
    return [
      ...escalationsFor(d.dueAt, offsetsHours, now).map((e) => ({
        id: escalationTimerId(breachId, d.kind, e.hoursBefore),
        kind: ESCALATION_TIMER,
        dueAt: e.at,
        payload: { ...base, hoursBefore: e.hoursBefore } satisfies BreachTimerPayload,
      })),
      { id: deadlineTimerId(breachId, d.kind), kind: DEADLINE_TIMER, dueAt: d.dueAt, payload: base satisfies BreachTimerPayload },
    ];
  });
}

/** Every timer id a breach could have, to cancel those it no longer needs. */
export function allTimerIdsOf(breachId: string, offsetsHours: number[]): string[] {
  return BREACH_DEADLINES.flatMap((kind) => [deadlineTimerId(breachId, kind), ...offsetsHours.map((h) => escalationTimerId(breachId, kind, h))]);
}
