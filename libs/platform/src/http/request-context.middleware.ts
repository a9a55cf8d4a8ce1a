import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../context/request-context';

/** Opens the request's context: the caller's correlation id if it sent one, a new one otherwise. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const header = req.headers['x-correlation-id'];
    const correlationId =
      typeof header === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(header) ? header : requestContext.newCorrelationId();
    req.headers['x-correlation-id'] = correlationId;
    res.setHeader('x-correlation-id', correlationId);
    requestContext.run({ correlationId, actor: 'anonymous' }, () => next());
  }
}
