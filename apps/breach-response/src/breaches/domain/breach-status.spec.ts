import { allowedTransitions, BreachTransitionError, checkTransition, ReasonRequiredError, TransitionFacts } from './breach-status';

const facts = (over: Partial<TransitionFacts>): TransitionFacts => ({
  status: 'reported',
  awareAt: new Date('2026-03-01T09:00:00Z'),
  obligationsApply: true,
  obligationsMet: false,
  ...over,
});

describe('breach states', () => {
  it('walks reported → triaged → contained → notified → closed', () => {
    expect(allowedTransitions(facts({ status: 'reported' }))).toEqual(['triaged', 'not-a-breach']);
    expect(allowedTransitions(facts({ status: 'triaged' }))).toEqual(['contained', 'not-a-breach']);
    expect(allowedTransitions(facts({ status: 'contained', obligationsMet: true }))).toEqual(['notified', 'closed']);
    expect(allowedTransitions(facts({ status: 'notified', obligationsMet: true }))).toEqual(['closed']);
    expect(allowedTransitions(facts({ status: 'closed' }))).toEqual([]);
  });

  it('refuses a skipped step with the allowed states', () => {
    let error: unknown;
    try {
      checkTransition(facts({ status: 'reported' }), 'closed');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BreachTransitionError);
    expect((error as BreachTransitionError).allowed).toEqual(['triaged', 'not-a-breach']);
    expect((error as Error).message).toContain('reported');
  });

  it('keeps a breach in triage until awareAt is known, but lets it be dismissed', () => {
    const unaware = facts({ status: 'triaged', awareAt: undefined });
    expect(allowedTransitions(unaware)).toEqual(['not-a-breach']);
    expect(() => checkTransition(unaware, 'contained')).toThrow(/awareAt/);
  });

  it('needs a reason for not-a-breach', () => {
    expect(() => checkTransition(facts({}), 'not-a-breach')).toThrow(ReasonRequiredError);
    expect(() => checkTransition(facts({}), 'not-a-breach', '  ')).toThrow(ReasonRequiredError);
    expect(() => checkTransition(facts({}), 'not-a-breach', 'encrypted laptop, key not lost')).not.toThrow();
  });

  it('is notified only when every required notification went out, and closes straight from contained when none applies', () => {
    expect(allowedTransitions(facts({ status: 'contained', obligationsMet: false }))).toEqual([]);
    expect(allowedTransitions(facts({ status: 'contained', obligationsApply: false, obligationsMet: true }))).toEqual(['closed']);
  });
});
