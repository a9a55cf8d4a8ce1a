import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { LateReasonRequiredError } from './domain/breach-obligations';
import { InvalidBreachFactsError } from './domain/breach-rules';
import { BreachTransitionError, ReasonRequiredError } from './domain/breach-status';
import { Art34ExemptionRefusedError } from './domain/data-subject-duty';

/**
 * Maps the breach rules' refusals to HTTP: a refused move is a 409 with the allowed states, and an
 * exemption from a duty the company does not have a 409; a missing reason a 400; impossible
 * dates, or a late step without its reason, a 422.
 */
@Catch(BreachTransitionError, ReasonRequiredError, LateReasonRequiredError, InvalidBreachFactsError, Art34ExemptionRefusedError)
export class BreachErrorsFilter implements ExceptionFilter {
  catch(error: BreachTransitionError | ReasonRequiredError | LateReasonRequiredError | InvalidBreachFactsError | Art34ExemptionRefusedError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof BreachTransitionError) {
      response.status(HttpStatus.CONFLICT).json({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: error.message, allowed: error.allowed });
    } else if (error instanceof Art34ExemptionRefusedError) {
      response.status(HttpStatus.CONFLICT).json({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: error.message });
    } else if (error instanceof ReasonRequiredError) {
      response.status(HttpStatus.BAD_REQUEST).json({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: [error.message] });
    } else {
      // Well-formed, but the dates contradict each other or the clock, or the deadline was missed.
      const message = error instanceof InvalidBreachFactsError ? error.problems : [error.message];
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).json({ statusCode: HttpStatus.UNPROCESSABLE_ENTITY, error: 'Unprocessable Entity', message });
    }
  }
}
