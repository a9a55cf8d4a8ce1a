import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * Express's own refusals (a body over the limit: 413, malformed JSON: 400) arrive as plain errors
 * with a 4xx `status`, which Nest would log as server errors. They are the client's: answered as
 * HttpExceptions, with the same body shape as every other 4xx. Anything else goes to Nest's filter.
 */
@Catch()
export class ClientErrorFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const status = (exception as { status?: unknown } | null)?.status;
    if (!(exception instanceof HttpException) && typeof status === 'number' && status >= 400 && status < 500) {
      return super.catch(new HttpException((exception as Error).message, status), host);
    }
    super.catch(exception, host);
  }
}
