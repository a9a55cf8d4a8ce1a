import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { ChangeStateError, ChangeTargetError, DpaMissingError, NoticePeriodNotMetError, ProposedValuesError } from './domain/change-notice';
import { AuthorisationError } from './domain/specific-authorisation';

/** Maps the change rules' refusals to the HTTP answers of the spec: 422 for the notice period, 409 for state (or a settled authorisation), 400 for bad proposed values, 404 for a customer not asked. */
@Catch(NoticePeriodNotMetError, ChangeStateError, ChangeTargetError, DpaMissingError, ProposedValuesError, AuthorisationError)
export class ChangeNoticeErrorsFilter implements ExceptionFilter {
  catch(error: NoticePeriodNotMetError | ChangeStateError | ChangeTargetError | DpaMissingError | ProposedValuesError | AuthorisationError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof AuthorisationError && error.kind === 'unknown-customer') {
      response.status(HttpStatus.NOT_FOUND).json({ statusCode: HttpStatus.NOT_FOUND, error: 'Not Found', message: error.message });
      return;
    }
    if (error instanceof NoticePeriodNotMetError) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).json({
        statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
        error: 'Unprocessable Entity',
        message: error.message,
        earliestEffectiveAt: error.earliestEffectiveAt.toISOString(),
        noticePeriodDays: error.noticePeriodDays,
        ...(error.customerTerms ? { customerTerms: error.customerTerms } : {}),
      });
      return;
    }
    if (error instanceof ProposedValuesError) {
      response.status(HttpStatus.BAD_REQUEST).json({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message: [error.message] });
      return;
    }
    const body = { statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: error.message };
    response.status(HttpStatus.CONFLICT).json(error instanceof ChangeStateError ? { ...body, status: error.status } : body);
  }
}
