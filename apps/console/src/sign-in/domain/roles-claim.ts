import type { StaffRole } from '@forewarn/auth';
import { staffRolesOf } from '../../session/domain/staff-session';

/**
 * The Forewarn roles an identity provider gave a person, read from the claim the deployment names:
 * a top-level claim (`roles`, `groups`) or a dotted path into nested ones (`realm_access.roles`).
 * A URL-shaped claim name (`https://forewarn.example/roles`) is read whole.
 */
export function rolesFromClaims(claims: Record<string, unknown>, claimPath: string): StaffRole[] {
  if (claimPath in claims) return staffRolesOf(claims[claimPath]);
  let value: unknown = claims;
  for (const part of claimPath.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  return staffRolesOf(value);
}

/** The name a page greets a person by: their name, else their email, else their subject. */
export function displayNameOf(claims: Record<string, unknown>): string {
  for (const key of ['name', 'preferred_username', 'email']) {
    if (typeof claims[key] === 'string' && claims[key]) return claims[key] as string;
  }
  return String(claims.sub);
}
