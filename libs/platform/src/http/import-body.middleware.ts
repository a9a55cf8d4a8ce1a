import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json, text } from 'express';

/**
 * Bulk imports (`POST …/import`) take whole files: a 10,000-row directory is megabytes of JSON or
 * CSV. They get their own parsers with a bigger limit, installed ahead of Nest's, which keep the
 * 100 kB default for every other route. CSV arrives as a string for the controller to parse.
 */
export function importBodyMiddleware(limitMb: number): RequestHandler {
  const limit = `${limitMb}mb`;
  const parsers = [json({ limit }), text({ type: 'text/csv', limit })];
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !req.path.endsWith('/import')) return next();
    parsers[0](req, res, (error?: unknown) => (error ? next(error) : parsers[1](req, res, next)));
  };
}
