import { Breach, breachBodyOf, breachEditOf, breachFormValuesOf } from './breach-form';

const form = {
  title: 'Laptop stolen', description: 'From a car', awareAt: '2027-01-05T09:00', nature: 'stolen', dataCategories: 'contact details',
  approxDataSubjects: '1,200', approxRecords: '3000', role: 'processor', affected: 'listed', affectedCustomerIds: 'cust-1, cust-2', riskLevel: 'high',
  'reporter.name': 'Sam Jones', 'reporter.email': '',
};

describe('the breach form', () => {
  it('reads the ICO form sections into an API body', () => {
    expect(breachBodyOf(form)).toEqual({
      title: 'Laptop stolen', description: 'From a car', awareAt: '2027-01-05T09:00:00.000Z', nature: ['stolen'], dataCategories: ['contact details'],
      specialCategoryData: false, approxDataSubjects: 1200, approxRecords: 3000, role: 'processor', affectedCustomerIds: ['cust-1', 'cust-2'],
      riskLevel: 'high', reporter: { name: 'Sam Jones' },
    });
    expect(breachBodyOf({ ...form, affected: 'all' }).affectedCustomerIds).toBe('all');
  });

  it('passes a count that is not a number as typed, for the API to name', () => {
    expect(breachBodyOf({ ...form, approxRecords: 'about 3k' }).approxRecords).toBe('about 3k');
  });

  it('edits only what changed', () => {
    const stored = { ...breachBodyOf(form), id: 'b', reference: 'BR-2027-0001', status: 'reported', allowedTransitions: [] } as unknown as Breach;
    expect(breachEditOf(stored, { ...breachFormValuesOf(stored), riskLevel: 'risk' })).toEqual({ riskLevel: 'risk' });
  });
});
