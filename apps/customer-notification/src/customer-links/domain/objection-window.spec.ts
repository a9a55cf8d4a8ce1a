import { objectionWindow } from './objection-window';

describe('objectionWindow', () => {
  const effectiveAt = new Date('2027-03-01T09:00:00Z');
  const before = new Date('2027-03-01T08:59:59Z');

  it('is open while the change is announced and before its date', () => {
    expect(objectionWindow({ status: 'announced', effectiveAt }, before)).toEqual({ open: true });
  });

  it('closes at effectiveAt even before the effective event arrives', () => {
    expect(objectionWindow({ status: 'announced', effectiveAt }, effectiveAt)).toEqual({ open: false, why: 'date-passed' });
  });

  it('is closed once the change is effective or cancelled', () => {
    expect(objectionWindow({ status: 'effective', effectiveAt }, before)).toEqual({ open: false, why: 'effective' });
    expect(objectionWindow({ status: 'cancelled', effectiveAt }, before)).toEqual({ open: false, why: 'cancelled' });
  });
});
