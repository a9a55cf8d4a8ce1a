import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NoticePages } from './notice-pages';

/**
 * What a customer page adds to the headers every answer carries (no referrer, nosniff, a CSP
 * without scripts: libs/platform's security headers): the token in its URL must not be cached
 * or indexed.
 */
export function setPageHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
}

/** The path parameter of a signed link's pages (the customer pages, the subscription's), for OpenAPI. */
export const SIGNED_LINK_TOKEN = {
  name: 'token',
  description: 'The signed token from the link in the email (base64url payload, ".", base64url HMAC-SHA256 tag, and "." with the signing key id when there is one)',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)?$' },
};

/** A client that sent JSON (or asks for JSON only) gets JSON; a browser gets a page. */
export function wantsJson(req: Request): boolean {
  return req.is('application/json') === 'application/json' || (!!req.headers.accept && req.accepts(['text/html', 'application/json']) === 'application/json');
}

/**
 * Errors on the customer pages as pages: a person with a broken or expired link gets a short
 * explanation in plain words with the right status code (JSON clients get the usual JSON error).
 */
@Catch()
export class CustomerPageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(CustomerPageErrorFilter.name);

  constructor(private readonly pages: NoticePages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const body = exception instanceof HttpException ? exception.getResponse() : undefined;
    const message =
      status === 429
        ? 'You have made too many requests from your network in a short time.'
        : status >= 500
          ? 'We could not complete your request.'
          : typeof body === 'object' && body && 'message' in body
            ? [body.message].flat().join('; ')
            : String(body ?? '');
    setPageHeaders(res);
    if (wantsJson(req)) {
      res.status(status).json({ statusCode: status, message });
      return;
    }
    res.status(status).type('html').send(this.pages.errorPage(status, message));
  }
}
