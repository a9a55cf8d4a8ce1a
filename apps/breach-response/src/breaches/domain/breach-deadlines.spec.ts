import { breachDeadlines, escalationsFor, parseOffsetsHours } from './breach-deadlines';

const awareAt = new Date('2026-03-01T09:00:00Z');
const h = (n: number) => new Date(awareAt.getTime() + n * 3_600_000);

describe('breach deadlines', () => {
  it('gives a controller 72 hours to report to the authority', () => {
    expect(breachDeadlines({ awareAt, role: 'controller', riskLevel: 'risk' }, 24)).toEqual([{ kind: 'authority-report', dueAt: h(72) }]);
  });

  it('counts an unassessed risk as a risk, but not an unlikely one', () => {
    expect(breachDeadlines({ awareAt, role: 'controller' }, 24)).toHaveLength(1);
    expect(breachDeadlines({ awareAt, role: 'controller', riskLevel: 'unlikely' }, 24)).toEqual([]);
  });

  it('gives a processor the customer-notice SLA, whatever the risk', () => {
    expect(breachDeadlines({ awareAt, role: 'processor', riskLevel: 'unlikely' }, 12)).toEqual([{ kind: 'customer-notice', dueAt: h(12) }]);
  });

  it('applies both where the company is both', () => {
    expect(breachDeadlines({ awareAt, role: 'both', riskLevel: 'high' }, 24)).toEqual([
      { kind: 'authority-report', dueAt: h(72) },
      { kind: 'customer-notice', dueAt: h(24) },
    ]);
  });

  it('has no clock before awareness is recorded', () => {
    expect(breachDeadlines({ role: 'both' }, 24)).toEqual([]);
  });

  it('reminds at each offset before the deadline, skipping those already past', () => {
    expect(escalationsFor(h(72), [24, 6, 1], awareAt)).toEqual([
      { hoursBefore: 24, at: h(48) },
      { hoursBefore: 6, at: h(66) },
      { hoursBefore: 1, at: h(71) },
    ]);
    expect(escalationsFor(h(72), [24, 6, 1], h(50)).map((e) => e.hoursBefore)).toEqual([6, 1]);
  });

  it('reads the offsets setting', () => {
    expect(parseOffsetsHours('24, 6,1')).toEqual([24, 6, 1]);
    expect(parseOffsetsHours('24,,1')).toBeUndefined();
    expect(parseOffsetsHours('-1')).toBeUndefined();
    expect(parseOffsetsHours('soon')).toBeUndefined();
  });
});
