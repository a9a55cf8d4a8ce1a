import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { InvalidEventError } from './parse-event';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${prefix}${m}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/** Checks an event's `data` against its payload class; the error names each offending field. */
export function validateEventData<T extends object>(payloadClass: new () => T, data: unknown): T {
  const instance = plainToInstance(payloadClass, data);
  const errors = validateSync(instance as object, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new InvalidEventError(`invalid event data: ${flatten(errors).join('; ')}`);
  return instance;
}
