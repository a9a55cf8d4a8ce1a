import { reachOf, statusOf } from './delivery-status';

const at = (iso: string) => new Date(iso);

describe('statusOf', () => {
  it('is pending until a fact arrives, then the worst SES reported', () => {
    expect(statusOf({})).toBe('pending');
    expect(statusOf({ failed: { at: at('2027-01-01T00:00:00Z') } })).toBe('failed');
    expect(statusOf({ sent: { at: at('2027-01-01T00:00:00Z') } })).toBe('sent');
    const sent = { at: at('2027-01-01T00:00:00Z') };
    expect(statusOf({ sent, delivered: sent })).toBe('delivered');
    expect(statusOf({ sent, bounced: sent })).toBe('bounced');
    expect(statusOf({ sent, delivered: sent, complained: sent })).toBe('complained');
  });
});

describe('reachOf', () => {
  const effectiveAt = at('2027-02-01T00:00:00Z');
  it('is in time when reached at least the notice period before the change', () => {
    expect(reachOf({ sent: { at: at('2027-01-02T00:00:00Z') } }, effectiveAt, 30)).toEqual({ reachedAt: at('2027-01-02T00:00:00Z'), late: false });
  });
  it('is late when reached less than the notice period before, by delivery time if known', () => {
    const facts = { sent: { at: at('2027-01-02T00:00:00Z') }, delivered: { at: at('2027-01-02T00:00:01Z') } };
    expect(reachOf(facts, effectiveAt, 30).late).toBe(true);
  });
  it('has no reach for a bounced or unsent email', () => {
    expect(reachOf({ sent: { at: at('2027-01-01T00:00:00Z') }, bounced: { at: at('2027-01-01T00:00:01Z') } }, effectiveAt, 30)).toEqual({ late: false });
    expect(reachOf({}, effectiveAt, 30)).toEqual({ late: false });
  });
});
