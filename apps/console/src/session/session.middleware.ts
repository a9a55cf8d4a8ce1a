import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { requestContext, SERVICE_CONFIG } from '@forewarn/platform';
import { ConsoleConfig } from '../console.config';
import { ConsoleRequest, sessionCookieName } from './session-cookie';
import { StaffSessions } from './staff-sessions';

/** Reads the session cookie on every request, so guards, pages and error pages know who is there. */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  private readonly cookieName: string;

  constructor(
    private readonly sessions: StaffSessions,
    @Inject(SERVICE_CONFIG) config: ConsoleConfig,
  ) {
    this.cookieName = sessionCookieName(config.secureCookies);
  }

  async use(req: ConsoleRequest, _res: Response, next: NextFunction): Promise<void> {
    try {
      const cookie = (req.cookies as Record<string, string> | undefined)?.[this.cookieName];
      req.sessionCookie = cookie;
      req.staffSession = await this.sessions.find(cookie);
      if (req.staffSession) requestContext.setActor(`user:${req.staffSession.sub}`);
      next();
    } catch (error) {
      next(error);
    }
  }
}
