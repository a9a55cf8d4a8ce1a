import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { ChangeStateError, ChangeTargetError, NoticePeriodNotMetError } from './domain/change-notice';

/** Maps the change rules' refusals to the HTTP answers of the spec. */
@Catch(NoticePeriodNotMetError, ChangeStateError, ChangeTargetError)
export class ChangeNoticeErrorsFilter implements ExceptionFilter {
  catch(error: NoticePeriodNotMetError | ChangeStateError | ChangeTargetError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof NoticePeriodNotMetError) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).json({
        statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
        error: 'Unprocessable Entity',
        message: error.message,
        earliestEffectiveAt: error.earliestEffectiveAt.toISOString(),
        noticePeriodDays: error.noticePeriodDays,
      });
    } else if (error instanceof ChangeStateError) {
      response.status(HttpStatus.CONFLICT).json({ statusCode: HttpStatus.CONFLICT, error: 'Conflict', message: error.message, status: error.status });
    } else {
      response
        .status(HttpStatus.UNPROCESSABLE_ENTITY)
        .json({ statusCode: HttpStatus.UNPROCESSABLE_ENTITY, error: 'Unprocessable Entity', message: error.message });
    }
  }
}
