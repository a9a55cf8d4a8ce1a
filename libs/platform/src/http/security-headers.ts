import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { timingSafeEqual } from 'node:crypto';

/**
 * The pages we render ourselves (public list, notice pages, authority report): inline styles, no
 * scripts; forms post to this origin, or to the few the service names (`formTargets`).
 */
const pages = (formTargets: string[]) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ["'self'"], formAction: ["'self'", ...formTargets], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    },
    // The public list's JSON and feed are meant to be read from other sites.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });

/** Swagger UI: its own script and styles from this origin. */
const DOCS = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], frameAncestors: ["'none'"], baseUri: ["'none'"] },
  },
});

/** Security headers on every answer (nosniff, frame-ancestors, referrer policy, CSP per page kind). */
export function securityHeaders(formTargets: string[] = []): RequestHandler {
  const PAGES = pages(formTargets);
  return (req: Request, res: Response, next: NextFunction) => (req.path === '/docs' || req.path.startsWith('/docs/') ? DOCS : PAGES)(req, res, next);
}

/** `/metrics` for the scraper holding the token only. */
export function metricsTokenMiddleware(token: string): RequestHandler {
  const expected = Buffer.from(`Bearer ${token}`);
  return (req: Request, res: Response, next: NextFunction) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'metrics: the scrape token is required' });
  };
}
