import { Body, Controller, Get, Inject, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Public, STAFF_ROLES, StaffRole } from '@forewarn/auth';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { ConsoleConfig } from '../console.config';
import { safeReturnPath } from '../session/domain/staff-session';
import { clearSessionCookie, ConsoleRequest, setSessionCookie } from '../session/session-cookie';
import { ActionRefused, assertSameOrigin } from '../session/staff-page.guard';
import { StaffSessions } from '../session/staff-sessions';
import { PageRenderer } from '../views/page-renderer';
import { OidcSignIn, SignInFailed } from './oidc-sign-in';

const SIGN_IN_COOKIE = 'forewarn-sign-in';

class DevSignInForm {
  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  name?: string;

  @IsOptional()
  @IsString()
  returnTo?: string;
}

const ROLE_WORDS: Record<StaffRole, string> = {
  compliance: 'Compliance officer: subprocessors, changes, objections',
  responder: 'Incident responder: breaches and their deadlines',
  auditor: 'Auditor: reads everything, changes nothing',
  admin: 'Administrator: customers, imports, and everything else',
};

@Public()
@Controller()
export class SignInController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ConsoleConfig,
    private readonly sessions: StaffSessions,
    private readonly oidc: OidcSignIn,
    private readonly pages: PageRenderer,
  ) {}

  @Get('sign-in')
  signInPage(@Req() req: ConsoleRequest, @Res() res: Response, @Query('returnTo') returnTo?: string, @Query('signedOut') signedOut?: string): void {
    const target = safeReturnPath(returnTo);
    if (req.staffSession) return res.redirect(303, target);
    this.pages.render(res, 'sign-in', undefined, {
      title: 'Sign in',
      returnTo: target,
      oidc: this.oidc.enabled,
      dev: this.config.CONSOLE_DEV_SIGN_IN,
      roles: STAFF_ROLES.map((role) => ({ role, words: ROLE_WORDS[role] })),
      signedOut: signedOut === '1',
      expired: !signedOut && target !== '/',
    });
  }

  @Get('sign-in/oidc')
  async beginOidc(@Res() res: Response, @Query('returnTo') returnTo?: string): Promise<void> {
    if (!this.oidc.enabled) throw new NotFoundException();
    const { redirectTo, cookieValue } = await this.oidc.begin(safeReturnPath(returnTo));
    res.cookie(SIGN_IN_COOKIE, cookieValue, { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, path: '/auth', maxAge: 10 * 60_000 });
    res.redirect(303, redirectTo);
  }

  @Get('auth/callback')
  async oidcCallback(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    if (!this.oidc.enabled) throw new NotFoundException();
    res.clearCookie(SIGN_IN_COOKIE, { path: '/auth' });
    try {
      // The URL the provider redirected to, as registered: the state and code are in its query.
      const callback = new URL(req.originalUrl, this.config.OIDC_REDIRECT_URL);
      const person = await this.oidc.complete(callback, (req.cookies as Record<string, string>)[SIGN_IN_COOKIE]);
      await this.signIn(res, { sub: person.sub, name: person.name, roles: person.roles, via: 'oidc' }, person.returnTo);
    } catch (error) {
      if (!(error instanceof SignInFailed)) throw error;
      this.pages.render(res, 'problem', undefined, { title: 'Sign-in failed', message: error.message, retry: '/sign-in' }, 400);
    }
  }

  @Post('sign-in/dev')
  async devSignIn(@Req() req: ConsoleRequest, @Res() res: Response, @Body() form: DevSignInForm): Promise<void> {
    if (!this.config.CONSOLE_DEV_SIGN_IN) throw new NotFoundException();
    assertSameOrigin(req);
    const name = form.name?.trim() || `Local ${form.role}`;
    await this.signIn(res, { sub: `dev:${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, name, roles: [form.role], via: 'dev' }, safeReturnPath(form.returnTo));
  }

  @Post('sign-out')
  async signOut(@Req() req: ConsoleRequest, @Res() res: Response, @Body('_csrf') csrf?: string): Promise<void> {
    const session = req.staffSession;
    if (session) {
      assertSameOrigin(req);
      if (csrf !== session.csrfToken) throw new ActionRefused('This form has expired; reload the page and sign out again.');
      await this.sessions.end(req.sessionCookie);
    }
    clearSessionCookie(res, this.config.secureCookies);
    const back = new URL('/sign-in?signedOut=1', this.config.OIDC_REDIRECT_URL ?? `http://${req.headers.host}`).href;
    const providerSignOut = session?.via === 'oidc' ? await this.oidc.signOutUrl(back).catch(() => undefined) : undefined;
    res.redirect(303, providerSignOut ?? '/sign-in?signedOut=1');
  }

  private async signIn(res: Response, person: Parameters<StaffSessions['start']>[0], returnTo: string): Promise<void> {
    setSessionCookie(res, this.config.secureCookies, await this.sessions.start(person));
    res.redirect(303, returnTo);
  }
}
