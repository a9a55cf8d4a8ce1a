import { byNearestDeadline, clockFace } from './breach-clocks';

const now = new Date('2027-01-05T12:00:00Z');
const clock = (dueAt: string, extra = {}) => ({ kind: 'authority-report' as const, dueAt, met: false, ...extra });

describe('breach clocks', () => {
  it('shows the time left, amber under a day and red under six hours', () => {
    expect(clockFace(clock('2027-01-07T15:30:00Z'), now)).toEqual({ state: 'ok', words: '2 days 3 hours left', open: true });
    expect(clockFace(clock('2027-01-06T11:00:00Z'), now).state).toBe('warn');
    expect(clockFace(clock('2027-01-05T17:59:00Z'), now).state).toBe('urgent');
  });

  it('shows a passed deadline as missed, and a met one as met', () => {
    expect(clockFace(clock('2027-01-05T09:00:00Z'), now)).toEqual({ state: 'missed', words: 'overdue by 3 hours', open: true });
    expect(clockFace(clock('2027-01-05T09:00:00Z', { met: true }), now)).toEqual({ state: 'met', words: 'met', open: false });
  });

  it('sorts breaches by their nearest open deadline, those without one last', () => {
    const a = { id: 'a', clocks: [clock('2027-01-08T00:00:00Z')], reportedAt: '1' };
    const b = { id: 'b', clocks: [clock('2027-01-06T00:00:00Z', { met: true }), clock('2027-01-07T00:00:00Z')], reportedAt: '2' };
    const c = { id: 'c', clocks: [], reportedAt: '3' };
    expect(byNearestDeadline([c, a, b]).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });
});
