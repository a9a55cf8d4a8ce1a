import { customerTermsInWords, NoticePeriod, noticePeriodOwed } from './notice-period';

describe('noticePeriodOwed', () => {
  const standard = new NoticePeriod(30);

  it('is the standard period when no customer asks longer', () => {
    expect(noticePeriodOwed(standard, [])).toBe(standard);
    expect(noticePeriodOwed(standard, [{ customerId: 'a', noticePeriodDays: 30 }])).toBe(standard);
    expect(noticePeriodOwed(new NoticePeriod(60), [{ customerId: 'a', noticePeriodDays: 45 }]).days).toBe(60);
  });

  it('is the longest period customers ask, naming who asks it and counting each longer period', () => {
    const owed = noticePeriodOwed(standard, [
      { customerId: 'c', noticePeriodDays: 90 },
      { customerId: 'a', noticePeriodDays: 60 },
      { customerId: 'b', noticePeriodDays: 90 },
      { customerId: 'd', noticePeriodDays: 30 },
      { customerId: 'e', noticePeriodDays: 60 },
      { customerId: 'f', noticePeriodDays: 60 },
    ]);
    expect(owed.days).toBe(90);
    expect(owed.customerTerms).toEqual({
      longestDays: 90,
      setBy: ['b', 'c'],
      setByCount: 2,
      periods: [
        { noticePeriodDays: 90, customers: 2 },
        { noticePeriodDays: 60, customers: 3 },
      ],
    });
    expect(customerTermsInWords(owed.customerTerms!)).toBe('the terms of 2 customers ask for it (b, c)');
  });

  it('names a few customers and counts the rest', () => {
    const owed = noticePeriodOwed(standard, Array.from({ length: 25 }, (_, i) => ({ customerId: `c${String(i).padStart(2, '0')}`, noticePeriodDays: 45 })));
    expect(owed.customerTerms!.setBy).toHaveLength(10);
    expect(owed.customerTerms!.setByCount).toBe(25);
    expect(customerTermsInWords(owed.customerTerms!)).toMatch(/^the terms of 25 customers ask for it \(c00, .*c09, and 15 more\)$/);
    expect(customerTermsInWords(noticePeriodOwed(standard, [{ customerId: 'x', noticePeriodDays: 31 }]).customerTerms!)).toBe('the terms of customer x ask for it');
  });
});
