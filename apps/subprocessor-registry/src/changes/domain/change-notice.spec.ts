import { announce, ChangeStateError, ChangeTargetError, checkChangeTargets, NoticePeriodNotMetError } from './change-notice';
import { NoticePeriod } from './notice-period';

const DAY = 24 * 3600 * 1000;
const now = new Date('2026-03-01T12:00:00.000Z');
const days = (n: number) => new Date(now.getTime() + n * DAY);
const thrownBy = (work: () => unknown): unknown => {
  try {
    work();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('NoticePeriod', () => {
  it('is never shorter than 30 days', () => {
    expect(() => new NoticePeriod(29)).toThrow(RangeError);
    expect(() => new NoticePeriod(30.5)).toThrow(RangeError);
    expect(new NoticePeriod(45).days).toBe(45);
  });

  it('puts the earliest effective date exactly the period after the announcement', () => {
    expect(new NoticePeriod(30).earliestEffectiveAt(now).toISOString()).toBe('2026-03-31T12:00:00.000Z');
  });
});

describe('announce', () => {
  const period = new NoticePeriod(30);

  it('announces a draft whose date leaves the full notice period', () => {
    expect(announce({ status: 'draft', effectiveAt: days(30) }, now, period)).toEqual({
      announcedAt: now,
      effectiveAt: days(30),
      noticePeriodDays: 30,
    });
  });

  it('refuses a date one millisecond short and names the earliest allowed date', () => {
    const tooSoon = new Date(days(30).getTime() - 1);
    expect(() => announce({ status: 'draft', effectiveAt: tooSoon }, now, period)).toThrow(NoticePeriodNotMetError);
    const error = thrownBy(() => announce({ status: 'draft', effectiveAt: days(29) }, now, period));
    expect(error).toBeInstanceOf(NoticePeriodNotMetError);
    expect((error as NoticePeriodNotMetError).earliestEffectiveAt).toEqual(days(30));
    expect((error as Error).message).toContain('2026-03-31T12:00:00.000Z');
  });

  it('uses a longer configured period', () => {
    expect(() => announce({ status: 'draft', effectiveAt: days(40) }, now, new NoticePeriod(45))).toThrow(
      NoticePeriodNotMetError,
    );
  });

  it.each(['announced', 'effective', 'cancelled'] as const)('refuses to announce a change that is %s', (status) => {
    expect(() => announce({ status, effectiveAt: days(60) }, now, period)).toThrow(ChangeStateError);
  });
});

describe('checkChangeTargets', () => {
  const pending = { id: 'new', status: 'pending' as const };
  const active = { id: 'old', status: 'active' as const };

  it('accepts the combinations each kind needs', () => {
    expect(() => checkChangeTargets('addition', pending)).not.toThrow();
    expect(() => checkChangeTargets('removal', active)).not.toThrow();
    expect(() => checkChangeTargets('update', active)).not.toThrow();
    expect(() => checkChangeTargets('replacement', pending, active)).not.toThrow();
  });

  it('refuses to add a subprocessor that is already on the list', () => {
    expect(() => checkChangeTargets('addition', active)).toThrow(/subprocessorId: an addition needs a subprocessor that is pending/);
  });

  it('refuses to remove one that is not on the list', () => {
    expect(() => checkChangeTargets('removal', pending)).toThrow(ChangeTargetError);
  });

  it('needs an active replaced subprocessor for a replacement, and only then', () => {
    expect(() => checkChangeTargets('replacement', pending)).toThrow(/replacesSubprocessorId/);
    expect(() => checkChangeTargets('replacement', pending, { id: 'new', status: 'active' })).toThrow(/itself/);
    expect(() => checkChangeTargets('addition', pending, active)).toThrow(/only a replacement/);
  });
});
