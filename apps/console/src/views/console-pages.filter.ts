import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { requestContext } from '@forewarn/platform';
import { ActionRefused, SignInRequired } from '../session/staff-page.guard';
import type { ConsoleRequest } from '../session/session-cookie';
import { ServiceAnswerError } from '../staff-api/staff-api';
import { PageRenderer } from './page-renderer';

interface Problem {
  status: number;
  title: string;
  message: string;
}

/** What a person sees when something cannot be done: a page in words, never a stack trace or raw JSON. */
export function problemOf(error: unknown): Problem | undefined {
  if (error instanceof ActionRefused) return { status: 403, title: 'Not allowed', message: error.message };
  if (error instanceof ServiceAnswerError) {
    const said = Array.isArray(error.body.message) ? error.body.message.join('; ') : String(error.body.message ?? '');
    if (error.status === 404) return { status: 404, title: 'Not found', message: said || 'There is nothing here; it may have been mistyped.' };
    if (error.status === 403) return { status: 403, title: 'Not allowed', message: 'Your role does not allow this. Nothing was changed.' };
    if (error.status === 401) return { status: 502, title: 'The console could not sign in to a service', message: 'The services refused the console\'s credentials. Tell the on-call engineer (AUTH_JWT_SECRET must match).' };
    if (error.status < 500) return { status: error.status, title: 'That could not be done', message: said };
    return { status: 502, title: 'A service is not answering', message: error.status === 502 ? said : `The ${error.service} service failed (${error.status}). Try again in a minute; if it persists, tell the on-call engineer.` };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return { status, title: 'Not found', message: 'There is no such page in the console.' };
    if (status < 500) return { status, title: 'That could not be done', message: error.message };
  }
  return undefined;
}

@Catch()
export class ConsolePagesFilter implements ExceptionFilter {
  private readonly logger = new Logger('console');

  constructor(private readonly pages: PageRenderer) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof SignInRequired) {
      const target = `/sign-in?returnTo=${encodeURIComponent(error.returnTo)}`;
      // htmx follows HX-Redirect with a full page load; a plain 303 would be swapped into the page.
      if (req.headers['hx-request']) res.status(401).setHeader('HX-Redirect', target).end();
      else res.redirect(303, target);
      return;
    }
    const problem = problemOf(error) ?? { status: 500, title: 'Something went wrong', message: 'The console failed to do this. Nothing you did caused it; the on-call engineer can find it by the reference below.' };
    if (problem.status >= 500) this.logger.error({ err: error }, problem.title);
    this.pages.render(res, 'problem', req.staffSession, { ...problem, reference: requestContext.current()?.correlationId }, problem.status);
  }
}
