import { timingSafeEqual } from 'node:crypto';
import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY } from '@forewarn/auth';
import { mayWrite, StaffSession, WorkArea } from './domain/staff-session';
import type { ConsoleRequest } from './session-cookie';

const WRITES = 'console:writes';

/** A route that changes something in an area; only that area's writers (and admins) may call it. */
export const Writes = (area: WorkArea) => SetMetadata(WRITES, area);

export const Staff = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<ConsoleRequest>().staffSession);

/** No live session: the person goes to sign-in, and comes back to `returnTo` afterwards. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('sign-in required');
  }
}

/** Signed in, but not allowed to do this; the page says why in words. */
export class ActionRefused extends Error {}

const READS = ['GET', 'HEAD', 'OPTIONS'];

const sameToken = (given: unknown, expected: string) =>
  typeof given === 'string' && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/**
 * Every page needs a live session (but `@Public()` ones: sign-in, health, the test clock). Every request that changes something also needs the session's
 * CSRF token (a form field or the `x-csrf-token` header), a same-origin `Origin` when the browser
 * sends one, and a route that declares its area and a role that writes there. A write route that
 * forgot `@Writes` is refused, not opened.
 */
@Injectable()
export class StaffPageGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = req.staffSession;
    if (!session) throw new SignInRequired(READS.includes(req.method) ? req.originalUrl : refererPath(req));
    if (READS.includes(req.method)) return true;
    assertSameOrigin(req);
    const body = req.body as Record<string, unknown> | undefined;
    // A file upload's body is read after the guards, so its form carries the token in its action URL.
    const fromUpload = req.is('multipart/form-data') ? (req.query as Record<string, unknown>)._csrf : undefined;
    if (!sameToken(body?._csrf ?? req.headers['x-csrf-token'] ?? fromUpload, session.csrfToken)) {
      throw new ActionRefused('This form has expired or did not come from this console. Reload the page and try again; nothing was changed.');
    }
    const area = this.reflector.getAllAndOverride<WorkArea | undefined>(WRITES, targets);
    if (!area || !mayWrite(session.roles, area)) throw new ActionRefused(refusalFor(session, area));
    return true;
  }
}

export function assertSameOrigin(req: ConsoleRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined) return; // older browsers omit it on same-origin posts; the CSRF token still holds
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host !== req.headers.host) throw new ActionRefused('This request came from another site, so it was refused; nothing was changed.');
}

function refererPath(req: ConsoleRequest): string {
  try {
    const referer = new URL(String(req.headers.referer));
    return referer.host === req.headers.host ? `${referer.pathname}${referer.search}` : '/';
  } catch {
    return '/';
  }
}

const AREA_WORDS: Record<WorkArea, string> = {
  compliance: 'Subprocessors, changes and objections are changed by the compliance team',
  breaches: 'Breaches are worked by incident responders',
  directory: 'Customers, contacts and imports are changed by administrators',
};

function refusalFor(session: StaffSession, area: WorkArea | undefined): string {
  const held = session.roles.length ? session.roles.join(', ') : 'no role';
  if (!area) return 'This action is not available in the console.';
  return `${AREA_WORDS[area]}; you are signed in as ${held}, which can read this but not change it. Nothing was changed.`;
}
