import { termsAnnouncementOf } from './terms-announcement';

describe('termsAnnouncementOf', () => {
  const long = { noticePeriodDays: 90, authorisation: 'general' as const };
  const specific = { noticePeriodDays: 90, authorisation: 'specific' as const };

  it('tells new or changed terms of an active customer, and nothing when they stay the same', () => {
    expect(termsAnnouncementOf({ status: 'active' }, { status: 'active', terms: long })).toBe('terms-changed');
    expect(termsAnnouncementOf({ status: 'active', terms: long }, { status: 'active', terms: specific })).toBe('terms-changed');
    expect(termsAnnouncementOf({ status: 'active', terms: long }, { status: 'active', terms: { ...long } })).toBeUndefined();
    expect(termsAnnouncementOf({ status: 'active' }, { status: 'active' })).toBeUndefined();
  });

  it('tells a deactivation, keeps terms set while inactive until the customer is served again', () => {
    expect(termsAnnouncementOf({ status: 'active' }, { status: 'inactive' })).toBe('deactivated');
    expect(termsAnnouncementOf({ status: 'inactive' }, { status: 'inactive', terms: long })).toBeUndefined();
    expect(termsAnnouncementOf({ status: 'inactive', terms: long }, { status: 'active', terms: long })).toBe('terms-changed');
    expect(termsAnnouncementOf({ status: 'inactive' }, { status: 'active' })).toBeUndefined(); // standard terms: nothing to tell
  });
});
