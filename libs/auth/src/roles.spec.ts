import { isAllowed } from './roles';

describe('isAllowed', () => {
  it('lets a holder of a required role in', () => {
    expect(isAllowed(['compliance'], ['compliance'])).toBe(true);
    expect(isAllowed(['auditor', 'responder'], ['responder'])).toBe(true);
  });

  it('lets admin do everything', () => {
    expect(isAllowed(['admin'], ['compliance'])).toBe(true);
  });

  it('keeps other roles out', () => {
    expect(isAllowed(['auditor'], ['compliance'])).toBe(false);
    expect(isAllowed(['responder'], ['compliance', 'admin'])).toBe(false);
  });

  it('opens endpoints without @Roles to any staff role, and only to staff', () => {
    expect(isAllowed(['auditor'], undefined)).toBe(true);
    expect(isAllowed([], undefined)).toBe(false);
    expect(isAllowed(['customer'], [])).toBe(false);
  });
});
