import { checkBreachDates, deadlinesOf, InvalidBreachFactsError, isOpenDeadline, openDeadlines, BreachFacts } from './breach-rules';

const HOUR = 3_600_000;
const awareAt = new Date('2026-03-02T09:00:00Z');
const breach = (over: Partial<BreachFacts> = {}): BreachFacts => ({
  status: 'reported',
  awareAt,
  role: 'both',
  riskLevel: 'risk',
  affectedCustomerIds: ['c1'],
  notifications: [],
  missedDeadlines: [],
  ...over,
});
const due = (b: BreachFacts, sla: number) => Object.fromEntries(deadlinesOf(b, sla).map((d) => [d.kind, d.dueAt.getTime() - awareAt.getTime()]));

describe('breach rules on a stored breach', () => {
  it('keeps the customer SLA the breach was logged under when the setting changes later', () => {
    const logged = breach({ customerNoticeSlaHours: 24 });
    expect(due(logged, 48)).toEqual({ 'authority-report': 72 * HOUR, 'customer-notice': 24 * HOUR });
    // A timer set for the 24 h deadline still finds it open, so the deadline can be marked missed.
    expect(isOpenDeadline(logged, 48, 'customer-notice', new Date(awareAt.getTime() + 24 * HOUR).toISOString())).toBe(true);
  });

  it('falls back to the setting for a breach logged before the SLA was frozen on it', () => {
    expect(due(breach(), 48)['customer-notice']).toBe(48 * HOUR);
  });

  it('has no clocks once it is not a breach, and no open ones once finished or met', () => {
    expect(deadlinesOf(breach({ status: 'not-a-breach' }), 24)).toEqual([]);
    expect(openDeadlines(breach({ status: 'closed' }), 24)).toEqual([]);
    const told = breach({
      role: 'processor',
      notifications: [{ obligation: 'customer:c1', phase: 'initial', sentAt: awareAt, sentBy: 'user:r', content: {}, late: false, reachedAt: awareAt }],
    });
    expect(openDeadlines(told, 24)).toEqual([]);
  });

  it('leaves a deadline missed at its due time out of the open ones', () => {
    const dueAt = new Date(awareAt.getTime() + 24 * HOUR);
    const missed = breach({ role: 'processor', missedDeadlines: [{ kind: 'customer-notice', dueAt }] });
    expect(openDeadlines(missed, 24)).toEqual([]);
  });

  it('names every impossible date at once', () => {
    const now = new Date('2026-03-03T00:00:00Z');
    let problems: string[] = [];
    try {
      checkBreachDates({ awareAt: '2026-03-02T00:00:00Z', occurredAt: '2026-03-02T06:00:00Z', occurredUntil: '2026-03-02T01:00:00Z' }, undefined, now);
    } catch (e) {
      problems = (e as InvalidBreachFactsError).problems;
    }
    expect(problems).toEqual(['occurredAt must not be after awareAt', 'occurredUntil must not be before occurredAt']);
    expect(checkBreachDates({ occurredAt: '2026-03-01T00:00:00Z' }, { awareAt }, now)).toEqual({ occurredAt: new Date('2026-03-01T00:00:00Z') });
  });
});
