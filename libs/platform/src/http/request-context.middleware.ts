import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../context/request-context';

/**
 * Opens the request's context: the caller's correlation id if it sent a sane one, a new one
 * otherwise. Installed with `app.use` so it runs before every other middleware, logging included.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const header = req.headers['x-correlation-id'];
  const correlationId =
    typeof header === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(header) ? header : requestContext.newCorrelationId();
  req.headers['x-correlation-id'] = correlationId;
  res.setHeader('x-correlation-id', correlationId);
  requestContext.run({ correlationId, actor: 'anonymous' }, () => next());
}
