import { checkTimerSpec, claimOrder, firingKeyOf, idPrefixPattern, planRetry, worthInspecting } from './timer-firing';

describe('timer firing rules', () => {
  const due = new Date('2026-03-01T10:00:00.000Z');

  it('gives each firing of a timer its own key, so a moved timer is a new firing', () => {
    expect(firingKeyOf('change:1:effective', due)).toBe(`change:1:effective@${due.getTime()}`);
    expect(firingKeyOf('t', new Date(due.getTime() + 1))).not.toBe(firingKeyOf('t', due));
  });

  it('refuses a spec that could not be stored, naming the field', () => {
    expect(() => checkTimerSpec({ id: '', kind: 'k', dueAt: due })).toThrow(/id/);
    expect(() => checkTimerSpec({ id: 'has space', kind: 'k', dueAt: due })).toThrow(/id/);
    expect(() => checkTimerSpec({ id: 'a', kind: ' ', dueAt: due })).toThrow(/kind/);
    expect(() => checkTimerSpec({ id: 'a', kind: 'k', dueAt: new Date('nope') })).toThrow(/dueAt/);
    expect(() => checkTimerSpec({ id: 'a', kind: 'k', dueAt: due })).not.toThrow();
  });

  it('splits due timers into claim batches starting anywhere, each timer exactly once', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    expect(claimOrder(items, 3, 0)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(claimOrder(items, 3, 1)).toEqual([[3, 4, 5], [6], [0, 1, 2]]);
    expect(claimOrder(items, 3, 5)).toEqual([[6], [0, 1, 2], [3, 4, 5]]);
    expect(claimOrder([], 3, 2)).toEqual([]);
  });

  it('looks at a claim held by another replica only once the timer is older than a lease', () => {
    const now = new Date(due.getTime() + 59_999);
    expect(worthInspecting(due, now, 60_000)).toBe(false);
    expect(worthInspecting(due, new Date(due.getTime() + 60_000), 60_000)).toBe(true);
  });

  it('retries a failed handler under the next claim number, later each time, never later than the cap', () => {
    const policy = { initialDelayMs: 5000, maxDelayMs: 3_600_000 };
    const first = planRetry(0, 0, due, policy);
    expect(first).toEqual({ failures: 1, claim: 1, notBefore: new Date(due.getTime() + 5000), delayMs: 5000 });
    const third = planRetry(2, 4, due, policy);
    expect(third.claim).toBe(5);
    expect(third.delayMs).toBe(20_000);
    expect(planRetry(30, 31, due, policy).delayMs).toBe(3_600_000);
  });

  it('matches ids by a literal prefix, never everything', () => {
    const pattern = idPrefixPattern('change:a.b(1):');
    expect(pattern.test('change:a.b(1):reminder:7')).toBe(true);
    expect(pattern.test('change:aXb(1):reminder:7')).toBe(false);
    expect(pattern.test('other:change:a.b(1):')).toBe(false);
    expect(() => idPrefixPattern('')).toThrow(RangeError);
  });
});
