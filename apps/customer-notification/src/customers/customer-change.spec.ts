import { applied } from './customer-change';
import type { Customer } from './customer.schema';

describe('applied', () => {
  const customer: Customer = { _id: 'c', name: 'Acme', externalId: 'a', status: 'active', contacts: [], createdAt: new Date(0), createdBy: 'user:a' };
  const at = (n: number) => ({ now: new Date(n), actor: `user:${n}` });

  it('records new terms with who set them and when, in the history too, and nothing when they are set again unchanged', () => {
    const first = applied(customer, { terms: { noticePeriodDays: 60, authorisation: 'general' } }, at(1));
    expect(first.terms).toEqual({ noticePeriodDays: 60, authorisation: 'general', changedAt: new Date(1), changedBy: 'user:1' });
    const second = applied(first, { terms: { noticePeriodDays: 90, authorisation: 'specific' } }, at(2));
    expect(second.termsHistory?.map((t) => [t.noticePeriodDays, t.authorisation, t.changedBy])).toEqual([
      [60, 'general', 'user:1'],
      [90, 'specific', 'user:2'],
    ]);
    const again = applied(second, { terms: { noticePeriodDays: 90, authorisation: 'specific' } }, at(3));
    expect(again.terms).toEqual(second.terms);
    expect(again.termsHistory).toHaveLength(2);
  });
});
