import { answer, AuthorisationError, awaitedAuthorisations, CustomerAuthorisation, decide, requestAuthorisation } from './specific-authorisation';

const at = (minute: number) => new Date(Date.UTC(2027, 0, 1, 0, minute));
const asked = (): CustomerAuthorisation[] => requestAuthorisation([], [{ customerId: 'a', customerName: 'Acme' }, { customerId: 'b', customerName: 'Beta' }], at(0));

describe('specific authorisation', () => {
  it('asks each customer once, and waits for every one asked', () => {
    const entries = requestAuthorisation(asked(), [{ customerId: 'b', customerName: 'Beta' }, { customerId: 'c', customerName: 'Cyan' }], at(5));
    expect(entries.map((e) => [e.customerId, e.state, e.requestedAt.getUTCMinutes()])).toEqual([['a', 'pending', 0], ['b', 'pending', 0], ['c', 'pending', 5]]);
    expect(awaitedAuthorisations(entries).map((e) => e.customerId)).toEqual(['a', 'b', 'c']);
    expect(awaitedAuthorisations(undefined)).toEqual([]);
  });

  it('takes the latest answer: approval, objection with its reason, objection withdrawn', () => {
    let entries = answer(asked(), 'a', { kind: 'objected', at: at(2), by: 'dpo@acme.example', reason: 'Not in the EU' })!;
    expect(entries[0]).toMatchObject({ state: 'objected', objection: 'Not in the EU', answeredBy: 'dpo@acme.example' });
    expect(answer(entries, 'a', { kind: 'approved', at: at(1), by: 'x@acme.example' })).toBeUndefined(); // older than the objection
    entries = answer(entries, 'a', { kind: 'withdrawn', at: at(3), by: 'dpo@acme.example' })!;
    expect(entries[0].state).toBe('pending');
    expect(entries[0].objection).toBeUndefined();
    entries = answer(entries, 'a', { kind: 'approved', at: at(4), by: 'dpo@acme.example' })!;
    expect(awaitedAuthorisations(entries).map((e) => e.customerId)).toEqual(['b']);
    expect(answer(entries, 'zzz', { kind: 'approved', at: at(5), by: 'x' })).toBeUndefined();
    expect(answer(entries, 'b', { kind: 'withdrawn', at: at(5), by: 'x' })).toBeUndefined(); // nothing to withdraw
  });

  it('lets compliance settle a customer that has not approved, once, and keeps it settled', () => {
    const objected = answer(asked(), 'b', { kind: 'objected', at: at(1), by: 'it@beta.example', reason: 'No' })!;
    const decision = { outcome: 'data-excluded' as const, reason: "Beta's data stays with the old host", at: at(2), by: 'user:c' };
    const decided = decide(objected, 'b', decision);
    expect(decided[1]).toMatchObject({ state: 'decided', decision, objection: 'No' });
    expect(answer(decided, 'b', { kind: 'approved', at: at(3), by: 'x' })).toBeUndefined();
    expect(() => decide(decided, 'b', decision)).toThrow(AuthorisationError);
    expect(() => decide(decided, 'nobody', decision)).toThrow(/was not asked/);
    const approved = answer(decided, 'a', { kind: 'approved', at: at(3), by: 'x' })!;
    expect(() => decide(approved, 'a', decision)).toThrow(/approved this change/);
    expect(awaitedAuthorisations(approved)).toEqual([]);
  });
});
