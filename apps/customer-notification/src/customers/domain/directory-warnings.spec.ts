import { directoryWarnings } from './directory-warnings';

describe('directoryWarnings', () => {
  const contact = (receives: ('subprocessor-changes' | 'breaches')[], active = true) => ({ receives, active });

  it('flags each kind of notice no active contact receives', () => {
    expect(directoryWarnings({ status: 'active', contacts: [contact(['breaches']), contact(['subprocessor-changes'], false)] })).toEqual([
      { code: 'no-contact-for-kind', kind: 'subprocessor-changes', message: 'no active contact receives subprocessor change notices' },
    ]);
    expect(directoryWarnings({ status: 'active', contacts: [] }).map((w) => w.kind)).toEqual(['subprocessor-changes', 'breaches']);
  });

  it('has nothing to say about a fully covered or an inactive customer', () => {
    expect(directoryWarnings({ status: 'active', contacts: [contact(['breaches']), contact(['subprocessor-changes'])] })).toEqual([]);
    expect(directoryWarnings({ status: 'inactive', contacts: [] })).toEqual([]);
  });
});
