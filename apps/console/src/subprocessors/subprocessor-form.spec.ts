import { isMaterial, matchingSubprocessors, Subprocessor, subprocessorBodyOf, subprocessorEditOf, subprocessorsByCategory } from './subprocessor-form';

const pipeten: Subprocessor = {
  id: 'a'.repeat(24), name: 'Pipeten', status: 'active', category: 'Hosting', purpose: 'Hosts the servers',
  dataCategories: ['contact details'], locations: ['GB'], transferMechanism: 'none-needed', history: [],
};

describe('the subprocessor form', () => {
  it('reads the form into an API body, leaving out what is empty', () => {
    expect(subprocessorBodyOf({ name: ' Pipeten ', category: 'Hosting', purpose: 'x', dataCategories: 'a\nb', locations: 'gb ie', dpaSignedAt: '2024-03-01', website: '' })).toEqual({
      name: 'Pipeten', category: 'Hosting', purpose: 'x', dataCategories: ['a', 'b'], locations: ['GB', 'IE'], dpaSignedAt: '2024-03-01T00:00:00.000Z',
    });
  });

  it('sends only what an edit changed', () => {
    const form = { name: 'Pipeten', category: 'Hosting', purpose: 'Hosts the servers', dataCategories: 'contact details', locations: 'GB', transferMechanism: 'none-needed', website: 'https://pipeten.example' };
    expect(subprocessorEditOf(pipeten, form)).toEqual({ website: 'https://pipeten.example' });
  });

  it('marks the material fields of a listed subprocessor only', () => {
    expect(isMaterial(pipeten, 'purpose')).toBe(true);
    expect(isMaterial(pipeten, 'website')).toBe(false);
    expect(isMaterial({ ...pipeten, status: 'pending' }, 'purpose')).toBe(false);
  });

  it('searches by every word and groups by category', () => {
    const other = { ...pipeten, id: 'b'.repeat(24), name: 'Mailfast', category: 'Email', purpose: 'Sends email' };
    expect(matchingSubprocessors([pipeten, other], 'host serv')).toEqual([pipeten]);
    expect(subprocessorsByCategory([pipeten, other]).map((g) => g.category)).toEqual(['Email', 'Hosting']);
  });
});
