import { isFeedEvent, sameList, versionNumberAt } from './list-version';

describe('list versions', () => {
  const times = ['2026-01-01', '2026-01-05', '2026-02-01', '2026-02-01', '2026-03-10'].map((d) => new Date(`${d}T00:00:00Z`));
  const reads: number[] = [];
  const timeOf = async (n: number) => {
    reads.push(n);
    return times[n - 1];
  };
  const at = (d: string) => versionNumberAt(new Date(d), times.length, timeOf);

  it('finds the version in force at a date: the last made at or before it', async () => {
    expect(await at('2025-12-31T23:59:59Z')).toBeUndefined();
    expect(await at('2026-01-01T00:00:00Z')).toBe(1);
    expect(await at('2026-01-20T00:00:00Z')).toBe(2);
    expect(await at('2026-02-01T00:00:00Z')).toBe(4);
    expect(await at('2030-01-01T00:00:00Z')).toBe(5);
  });

  it('reads only a logarithmic number of versions', async () => {
    reads.length = 0;
    await versionNumberAt(new Date('2026-01-02T00:00:00Z'), 1000, async (n) => {
      reads.push(n);
      return new Date(Date.UTC(2026, 0, 1) + n * 1000);
    });
    expect(reads.length).toBeLessThanOrEqual(11);
  });

  it('puts announcements, reschedules, cancellations and effective changes in the feed, nothing else', () => {
    expect(['announced', 'rescheduled', 'cancelled', 'effective'].every((action) => isFeedEvent({ action } as never))).toBe(true);
    expect(isFeedEvent({ action: 'imported' })).toBe(false);
    expect(isFeedEvent({ action: 'reconciled' })).toBe(false);
  });

  it('compares snapshots by content', () => {
    const a = { subprocessors: [], upcomingChanges: [] };
    expect(sameList(a, { subprocessors: [], upcomingChanges: [] })).toBe(true);
    expect(sameList(a, { subprocessors: [{ id: 'x' } as never], upcomingChanges: [] })).toBe(false);
  });
});
