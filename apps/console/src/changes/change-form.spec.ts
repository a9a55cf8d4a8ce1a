import { changeBodyOf, noticePeriodProblem, rescheduleBodyOf } from './change-form';

describe('the change form', () => {
  it('reads the effective date as UK time and leaves out what the kind does not use', () => {
    expect(
      changeBodyOf({ kind: 'addition', subprocessorId: 'a'.repeat(24), replacesSubprocessorId: 'b'.repeat(24), effectiveAt: '2027-07-05T09:00', summary: ' New host ', 'proposed.purpose': 'x' }),
    ).toEqual({ kind: 'addition', subprocessorId: 'a'.repeat(24), effectiveAt: '2027-07-05T08:00:00.000Z', summary: 'New host' });
  });

  it('gathers an update\'s proposed values, and a replacement\'s predecessor', () => {
    expect(changeBodyOf({ kind: 'update', subprocessorId: 's', effectiveAt: '', summary: 's', 'proposed.locations': 'gb, us', 'proposed.purpose': '' })).toEqual({
      kind: 'update', subprocessorId: 's', summary: 's', proposed: { locations: ['GB', 'US'] },
    });
    expect(changeBodyOf({ kind: 'replacement', subprocessorId: 's', replacesSubprocessorId: 'r', summary: 's' }).replacesSubprocessorId).toBe('r');
  });

  it('passes a date that is not one to the API as typed, so its message names the field', () => {
    expect(rescheduleBodyOf({ effectiveAt: 'next tuesday', reason: '' })).toEqual({ effectiveAt: 'next tuesday' });
  });

  it("explains a date too soon in words, saying when customers' terms set the period", () => {
    const date = (iso: string) => `[${iso}]`;
    expect(noticePeriodProblem({ earliestEffectiveAt: 'E', noticePeriodDays: 30 }, date)).toBe(
      'Customers must be told at least 30 days before a change takes effect, so this date is too soon. The earliest effective date is [E].',
    );
    expect(noticePeriodProblem({ earliestEffectiveAt: 'E', noticePeriodDays: 90, customerTerms: { setByCount: 2 } }, date)).toContain(
      "at least 90 days before a change takes effect (2 customers' terms ask for that)",
    );
    expect(noticePeriodProblem({ message: 'other' }, date)).toBeUndefined();
  });
});
