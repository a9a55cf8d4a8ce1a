import {
  announce,
  cancel,
  ChangeStateError,
  ChangeTargetError,
  checkChangeTargets,
  checkProposed,
  DpaMissingError,
  isDue,
  NoticePeriodNotMetError,
  ProposedValuesError,
  reschedule,
} from './change-notice';
import { NoticePeriod, noticePeriodOwed } from './notice-period';

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
    expect(announce({ kind: 'removal', status: 'draft', effectiveAt: days(30) }, now, period)).toEqual({
      announcedAt: now,
      effectiveAt: days(30),
      noticePeriodDays: 30,
    });
  });

  it('refuses a date one millisecond short and names the earliest allowed date', () => {
    const tooSoon = new Date(days(30).getTime() - 1);
    expect(() => announce({ kind: 'removal', status: 'draft', effectiveAt: tooSoon }, now, period)).toThrow(NoticePeriodNotMetError);
    const error = thrownBy(() => announce({ kind: 'removal', status: 'draft', effectiveAt: days(29) }, now, period));
    expect(error).toBeInstanceOf(NoticePeriodNotMetError);
    expect((error as NoticePeriodNotMetError).earliestEffectiveAt).toEqual(days(30));
    expect((error as Error).message).toContain('2026-03-31T12:00:00.000Z');
  });

  it('uses a longer configured period', () => {
    expect(() => announce({ kind: 'removal', status: 'draft', effectiveAt: days(40) }, now, new NoticePeriod(45))).toThrow(
      NoticePeriodNotMetError,
    );
  });

  it.each(['announced', 'effective', 'cancelled'] as const)('refuses to announce a change that is %s', (status) => {
    expect(() => announce({ kind: 'removal', status, effectiveAt: days(60) }, now, period)).toThrow(ChangeStateError);
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

describe('announce an incoming subprocessor', () => {
  const period = new NoticePeriod(30);

  it('refuses an addition or replacement whose DPA is not on record, naming the subprocessor', () => {
    const change = { status: 'draft' as const, effectiveAt: days(40), incoming: { name: 'Acme Hosting' } };
    expect(() => announce({ ...change, kind: 'addition' }, now, period)).toThrow(DpaMissingError);
    expect(() => announce({ ...change, kind: 'replacement' }, now, period)).toThrow(/Acme Hosting has no DPA on record/);
    const signed = { ...change.incoming, dpaSignedAt: days(-10) };
    expect(announce({ ...change, kind: 'addition', incoming: signed }, now, period).effectiveAt).toEqual(days(40));
  });
});

describe('reschedule', () => {
  const period = new NoticePeriod(30);
  const announced = { status: 'announced' as const, announcedAt: now, noticePeriodDays: 30, effectiveAt: days(40) };

  it('moves the date later, or earlier while the notice period after the announcement still holds', () => {
    expect(reschedule(announced, days(50), days(5), period)).toEqual({ previousEffectiveAt: days(40), effectiveAt: days(50) });
    expect(reschedule(announced, days(30), days(5), period)?.effectiveAt).toEqual(days(30));
  });

  it('refuses a date inside the notice period and names the earliest allowed', () => {
    const error = thrownBy(() => reschedule(announced, days(29), days(5), period)) as NoticePeriodNotMetError;
    expect(error).toBeInstanceOf(NoticePeriodNotMetError);
    expect(error.earliestEffectiveAt).toEqual(days(30));
  });

  it('keeps the period promised at announcement even if the configuration grew since', () => {
    expect(reschedule(announced, days(31), days(5), new NoticePeriod(45))?.effectiveAt).toEqual(days(31));
  });

  it("holds a customer's terms that ask longer than was promised, and says whose", () => {
    const owed = noticePeriodOwed(period, [{ customerId: 'acme', noticePeriodDays: 45 }]);
    const earlier = thrownBy(() => reschedule({ ...announced, effectiveAt: days(50) }, days(44), days(5), owed)) as NoticePeriodNotMetError;
    expect(earlier.earliestEffectiveAt).toEqual(days(45));
    expect(earlier.customerTerms?.setBy).toEqual(['acme']);
    expect(earlier.message).toMatch(/at least 45 days after the announcement \(the terms of customer acme ask for it\)/);
    expect(reschedule({ ...announced, effectiveAt: days(50) }, days(45), days(5), owed)?.effectiveAt).toEqual(days(45));
    // Terms shorter than what was promised change nothing.
    expect(reschedule(announced, days(30), days(5), noticePeriodOwed(period, [{ customerId: 'x', noticePeriodDays: 30 }]))?.effectiveAt).toEqual(days(30));
  });

  it('never moves the date into the past', () => {
    const error = thrownBy(() => reschedule(announced, days(32), days(35), period)) as NoticePeriodNotMetError;
    expect(error.earliestEffectiveAt.getTime()).toBe(days(35).getTime() + 1);
  });

  it('does nothing for the same date and refuses a change that is not announced', () => {
    expect(reschedule(announced, days(40), days(5), period)).toBeUndefined();
    expect(() => reschedule({ ...announced, status: 'draft' }, days(50), now, period)).toThrow(ChangeStateError);
    expect(() => reschedule({ ...announced, status: 'effective' }, days(50), now, period)).toThrow(ChangeStateError);
  });
});

describe('cancel and isDue', () => {
  it('cancels drafts and announced changes, nothing else', () => {
    expect(cancel({ status: 'draft', effectiveAt: days(40) }, now)).toEqual({ wasAnnounced: false });
    expect(cancel({ status: 'announced', effectiveAt: days(40) }, now)).toEqual({ wasAnnounced: true });
    expect(() => cancel({ status: 'effective', effectiveAt: days(-1) }, now)).toThrow(ChangeStateError);
    expect(() => cancel({ status: 'cancelled', effectiveAt: days(40) }, now)).toThrow(ChangeStateError);
  });

  it('refuses to cancel an announced change whose date has come (it is being applied)', () => {
    expect(() => cancel({ status: 'announced', effectiveAt: now }, now)).toThrow(/taking effect cannot be cancelled/);
    // Held at its date for want of customers' approval: it can still be called off.
    expect(cancel({ status: 'announced', effectiveAt: now, heldSince: days(1) }, days(2))).toEqual({ wasAnnounced: true });
    // Held for an earlier date, then moved: at the new date it is taking effect again.
    expect(() => cancel({ status: 'announced', effectiveAt: days(5), heldSince: days(1) }, days(6))).toThrow(/taking effect/);
  });

  it('is due once announced and its date reached', () => {
    expect(isDue({ status: 'announced', effectiveAt: now }, now)).toBe(true);
    expect(isDue({ status: 'announced', effectiveAt: days(1) }, now)).toBe(false);
    expect(isDue({ status: 'cancelled', effectiveAt: days(-1) }, now)).toBe(false);
  });
});

describe('checkProposed', () => {
  it('needs new values for an update and refuses them for other kinds', () => {
    expect(() => checkProposed('update', { locations: ['IE'] })).not.toThrow();
    expect(() => checkProposed('update', {})).toThrow(/^proposed: an update names/);
    expect(() => checkProposed('addition', { purpose: 'x' })).toThrow(ProposedValuesError);
    expect(() => checkProposed('removal')).not.toThrow();
  });
});
