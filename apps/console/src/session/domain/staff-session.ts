import { STAFF_ROLES, StaffRole } from '@forewarn/auth';

/** A signed-in staff member as the console remembers them between requests. */
export interface StaffSession {
  /** The person's subject at the identity provider (or `dev:<role>` locally). */
  sub: string;
  name: string;
  roles: StaffRole[];
  /** Sent back with every form and htmx request; a request without it changes nothing. */
  csrfToken: string;
  via: 'oidc' | 'dev';
  signedInAt: Date;
  lastSeenAt: Date;
}

export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

/** When the session ends: after `idleMs` without a request, and `maxMs` after sign-in at the latest. */
export function sessionExpiresAt(session: Pick<StaffSession, 'signedInAt' | 'lastSeenAt'>, limits: SessionLimits): Date {
  return new Date(Math.min(session.lastSeenAt.getTime() + limits.idleMs, session.signedInAt.getTime() + limits.maxMs));
}

export const isSessionLive = (session: Pick<StaffSession, 'signedInAt' | 'lastSeenAt'>, now: Date, limits: SessionLimits): boolean =>
  now.getTime() < sessionExpiresAt(session, limits).getTime();

/**
 * Whether a request should record itself as the session's latest activity: at most once a
 * minute, so browsing is not a database write per page.
 */
export const shouldRecordActivity = (session: Pick<StaffSession, 'lastSeenAt'>, now: Date): boolean =>
  now.getTime() - session.lastSeenAt.getTime() >= 60_000;

/** The Forewarn roles among what an identity provider said; anything else is ignored. */
export const staffRolesOf = (claimed: unknown): StaffRole[] =>
  (Array.isArray(claimed) ? claimed : typeof claimed === 'string' ? claimed.split(/[\s,]+/) : []).filter(
    (r): r is StaffRole => (STAFF_ROLES as readonly unknown[]).includes(r),
  );

/** The console's areas of work and who may change things in each; auditors change nothing. */
export const WRITERS = {
  compliance: ['compliance'],
  breaches: ['responder'],
  directory: [] as StaffRole[], // admin only
} satisfies Record<string, StaffRole[]>;
export type WorkArea = keyof typeof WRITERS;

export const mayWrite = (roles: readonly StaffRole[], area: WorkArea): boolean =>
  roles.includes('admin') || WRITERS[area].some((r) => roles.includes(r));

/**
 * Where to go after signing in: only a path on this console (`/changes/…`), never another site,
 * so a crafted sign-in link cannot send staff elsewhere.
 */
export function safeReturnPath(value: unknown): string {
  const path = typeof value === 'string' ? value : '';
  return /^\/(?![/\\])[^\s]*$/.test(path) && !path.startsWith('/sign-in') && !path.startsWith('/auth/') ? path : '/';
}
