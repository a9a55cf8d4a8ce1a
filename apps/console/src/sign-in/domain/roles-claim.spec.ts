import { displayNameOf, rolesFromClaims } from './roles-claim';

describe('roles from an identity provider', () => {
  it('reads a top-level claim, a nested path and a URL-named claim, keeping only Forewarn roles', () => {
    expect(rolesFromClaims({ roles: ['compliance', 'everyone'] }, 'roles')).toEqual(['compliance']);
    expect(rolesFromClaims({ realm_access: { roles: ['auditor', 'offline_access'] } }, 'realm_access.roles')).toEqual(['auditor']);
    expect(rolesFromClaims({ 'https://forewarn.example/roles': 'responder admin' }, 'https://forewarn.example/roles')).toEqual(['responder', 'admin']);
  });

  it('gives no role for a missing or odd claim', () => {
    expect(rolesFromClaims({}, 'roles')).toEqual([]);
    expect(rolesFromClaims({ roles: { admin: true } }, 'roles')).toEqual([]);
    expect(rolesFromClaims({ realm_access: 'admin' }, 'realm_access.roles')).toEqual([]);
  });

  it('names a person by name, then username, then email, then subject', () => {
    expect(displayNameOf({ sub: 's1', email: 'a@b.example', name: 'Ana Silva' })).toBe('Ana Silva');
    expect(displayNameOf({ sub: 's1', email: 'a@b.example' })).toBe('a@b.example');
    expect(displayNameOf({ sub: 's1' })).toBe('s1');
  });
});
