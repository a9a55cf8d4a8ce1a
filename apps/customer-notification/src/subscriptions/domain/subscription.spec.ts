import { mayConfirmAgain, onRequest, subscriberIdOf, withConfirmationAt } from './subscription';

const t0 = new Date('2026-12-01T09:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('public subscription rules', () => {
  it('gives one id per mailbox, case and spacing ignored, that does not show the address', () => {
    expect(subscriberIdOf(' Reader@Example.ORG ')).toBe(subscriberIdOf('reader@example.org'));
    expect(subscriberIdOf('reader@example.org')).not.toBe(subscriberIdOf('other@example.org'));
    expect(subscriberIdOf('reader@example.org')).toMatch(/^sub_[A-Za-z0-9_-]{32}$/);
  });

  it('sends a confirmation at most every 10 minutes and three times a day', () => {
    expect(mayConfirmAgain([], t0)).toBe(true);
    expect(mayConfirmAgain([t0], at(9))).toBe(false);
    expect(mayConfirmAgain([t0], at(10))).toBe(true);
    expect(mayConfirmAgain([t0, at(10), at(20)], at(60))).toBe(false);
    expect(mayConfirmAgain([t0, at(10), at(20)], at(24 * 60 + 1))).toBe(true);
    expect(withConfirmationAt([t0, at(10), at(20)], at(30)).map((d) => d.getTime())).toEqual([at(10), at(20), at(30)].map((d) => d.getTime()));
  });

  it('answers every request alike, but only a new, pending or ended subscription gets an email', () => {
    expect(onRequest(null, t0)).toBe('created');
    expect(onRequest({ status: 'confirmed', confirmationsSentAt: [] }, t0)).toBe('nothing');
    expect(onRequest({ status: 'pending', confirmationsSentAt: [t0] }, at(5))).toBe('nothing');
    expect(onRequest({ status: 'pending', confirmationsSentAt: [t0] }, at(15))).toBe('confirmation-sent');
    expect(onRequest({ status: 'unsubscribed', confirmationsSentAt: [t0] }, at(15))).toBe('confirmation-sent');
  });
});
