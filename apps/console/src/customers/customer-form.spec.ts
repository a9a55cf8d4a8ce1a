import { customerBodyOf, importKindOf } from './customer-form';

describe('the customer forms', () => {
  it('makes a customer with its first contact, or none', () => {
    expect(customerBodyOf({ name: 'Acme', externalId: '', contactName: 'Dana', email: 'dana@acme.example', receives: 'breaches' })).toEqual({
      name: 'Acme', contacts: [{ name: 'Dana', email: 'dana@acme.example', receives: ['breaches'] }],
    });
    expect(customerBodyOf({ name: 'Acme' })).toEqual({ name: 'Acme', contacts: [] });
  });

  it('tells a JSON import from a CSV one', () => {
    expect(importKindOf('\uFEFF [{"externalId":"1"}]')).toBe('application/json');
    expect(importKindOf('externalId,customerName\n1,Acme')).toBe('text/csv');
  });
});
