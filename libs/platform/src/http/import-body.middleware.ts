import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json, text } from 'express';
import { TokenVerifier } from '@forewarn/auth';

/**
 * Bulk imports take whole files: a 10,000-row directory is megabytes of JSON or CSV. The service's
 * import routes (and only those) get parsers with a bigger limit, installed ahead of Nest's, which
 * keep the 100 kB default for every other route. The body is read only after the staff token
 * verifies: a stranger gets 401 before a byte of 20 MB is parsed (the route's roles are still the
 * guard's to check). CSV arrives as a string for the controller to parse.
 */
export function importBodyMiddleware(limitMb: number, importRoutes: string[], verifier: TokenVerifier): RequestHandler {
  const limit = `${limitMb}mb`;
  const parsers = [json({ limit }), text({ type: 'text/csv', limit })];
  const routes = new Set(importRoutes);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !routes.has(req.path)) return next();
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    const verified = scheme === 'Bearer' && token ? verifier.verify(token) : Promise.reject(new Error('no token'));
    verified.then(
      () => parsers[0](req, res, (error?: unknown) => (error ? next(error) : parsers[1](req, res, next))),
      () => {
        // Unread, the body would keep the connection busy: close it after answering.
        res.setHeader('connection', 'close');
        res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'a valid staff bearer token is required' });
      },
    );
  };
}
