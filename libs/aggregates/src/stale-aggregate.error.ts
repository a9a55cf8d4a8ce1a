import { ConflictException } from '@nestjs/common';

/** Other writers kept winning: the caller is told to read again and retry (HTTP 409). */
export class StaleAggregateError extends ConflictException {
  constructor(what: string) {
    super(`${what} is being changed by others right now; read it again and retry`);
  }
}
