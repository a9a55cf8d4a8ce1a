import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { LateReasonRequiredError } from './domain/breach-obligations';
import { BreachTransitionError, ReasonRequiredError } from './domain/breach-status';

/** Maps the breach rules' refusals to HTTP: a refused move is a 409 with the allowed states; a missing reason a 400. */
@Catch(BreachTransitionError, ReasonRequiredError, LateReasonRequiredError)
export class BreachErrorsFilter implements ExceptionFilter {
  catch(error: BreachTransitionError | ReasonRequiredError | LateReasonRequiredError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof BreachTransitionError) {
      response.status(HttpStatus.CONFLICT).json({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: error.message, allowed: error.allowed });
    } else {
      response.status(HttpStatus.BAD_REQUEST).json({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: [error.message] });
    }
  }
}
