import { customerBodyOf, importKindOf, termsBodyOf, termsValuesOf } from './customer-form';

describe('the customer forms', () => {
  it('makes a customer with its first contact, or none', () => {
    expect(customerBodyOf({ name: 'Acme', externalId: '', contactName: 'Dana', email: 'dana@acme.example', receives: 'breaches' })).toEqual({
      name: 'Acme', contacts: [{ name: 'Dana', email: 'dana@acme.example', receives: ['breaches'] }],
    });
    expect(customerBodyOf({ name: 'Acme' })).toEqual({ name: 'Acme', contacts: [] });
  });

  it('reads the terms form, and shows the standard terms until the customer has its own', () => {
    expect(termsBodyOf({ noticePeriodDays: ' 90 ', authorisation: 'specific' })).toEqual({ noticePeriodDays: 90, authorisation: 'specific' });
    expect(termsBodyOf({ noticePeriodDays: 'ninety', authorisation: '' })).toEqual({ noticePeriodDays: 'ninety' }); // the API names what is wrong
    const customer = { id: 'c', name: 'Acme', status: 'active' as const, contacts: [], warnings: [], termsHistory: [] };
    expect(termsValuesOf(customer)).toEqual({ noticePeriodDays: '30', authorisation: 'general' });
    const terms = { noticePeriodDays: 60, authorisation: 'specific' as const, changedAt: '2026-01-01T00:00:00Z', changedBy: 'user:x' };
    expect(termsValuesOf({ ...customer, terms, termsHistory: [terms] })).toEqual({ noticePeriodDays: '60', authorisation: 'specific' });
  });

  it('tells a JSON import from a CSV one', () => {
    expect(importKindOf('\uFEFF [{"externalId":"1"}]')).toBe('application/json');
    expect(importKindOf('externalId,customerName\n1,Acme')).toBe('text/csv');
  });
});
