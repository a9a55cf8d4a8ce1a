import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { ChangeStateError, ChangeTargetError, DpaMissingError, NoticePeriodNotMetError, ProposedValuesError } from './domain/change-notice';

/** Maps the change rules' refusals to the HTTP answers of the spec: 422 for the notice period, 409 for state, 400 for bad proposed values. */
@Catch(NoticePeriodNotMetError, ChangeStateError, ChangeTargetError, DpaMissingError, ProposedValuesError)
export class ChangeNoticeErrorsFilter implements ExceptionFilter {
  catch(error: NoticePeriodNotMetError | ChangeStateError | ChangeTargetError | DpaMissingError | ProposedValuesError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof NoticePeriodNotMetError) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).json({
        statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
        error: 'Unprocessable Entity',
        message: error.message,
        earliestEffectiveAt: error.earliestEffectiveAt.toISOString(),
        noticePeriodDays: error.noticePeriodDays,
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
