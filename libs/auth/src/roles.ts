import { SetMetadata } from '@nestjs/common';

export const STAFF_ROLES = ['compliance', 'responder', 'auditor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLES_KEY = 'forewarn:roles';
export const PUBLIC_KEY = 'forewarn:public';

/**
 * Staff roles allowed on an endpoint. `admin` may do everything; an endpoint without `@Roles`
 * is open to any staff member (which is how auditors read everything).
 */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES_KEY, roles);

/** No staff token needed: health, the public list, customer links (which check their own token). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export interface StaffPrincipal {
  sub: string;
  roles: StaffRole[];
}

/** Whether a principal with `held` roles may call an endpoint that asks for `required`. */
export function isAllowed(held: readonly string[], required: readonly StaffRole[] | undefined): boolean {
  const staff = held.filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r));
  if (staff.length === 0) return false;
  if (staff.includes('admin') || !required || required.length === 0) return true;
  return required.some((r) => staff.includes(r));
}
