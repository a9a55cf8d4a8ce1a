import { ArgumentMetadata, BadRequestException, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { SchemaRule } from '../openapi/validation-rules';

const NAMES_A_FIELD = 'forewarn:names-a-field';

/** A body (a PATCH's) that must name at least one field: `{}` is a 400, and the document says so. */
export function NamesAField(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(NAMES_A_FIELD, true, target);
    SchemaRule({ minProperties: 1 })(target);
  };
}

function messages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = `${prefix}${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? `${prefix}${m}` : `${path}: ${m}`));
    return [...own, ...messages(e.children ?? [], `${path}.`)];
  });
}

/** A validated body class (a DTO), not a free-form object such as a template's `data`. */
const isDto = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && Object.getPrototypeOf(value) !== Object.prototype;

/**
 * The DTO fields (nested DTOs included) that hold `null`: `@IsOptional()` lets null through as if
 * the field were absent, and the service would then store it (a customer whose status is null).
 * No field of ours takes null; free-form objects inside a DTO are not looked into.
 */
export function nullPaths(dto: unknown, prefix = ''): string[] {
  if (!isDto(dto)) return [];
  return Object.entries(dto).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    if (value === null) return [path];
    if (Array.isArray(value)) return value.flatMap((item, i) => nullPaths(item, `${path}.${i}.`));
    return nullPaths(value, `${path}.`);
  });
}

function refuseNulls(valid: unknown): void {
  const nulls = Array.isArray(valid) ? valid.flatMap((item, i) => nullPaths(item, `${i}.`)) : nullPaths(valid);
  if (nulls.length > 0) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: nulls.map((path) => `${path} must not be null (leave it out instead)`) });
  }
}

/** For a body validated by its own pipe (an array of DTOs through `ParseArrayPipe`): null refused as above. */
export class NoNullFieldsPipe implements PipeTransform {
  transform(value: unknown): unknown {
    refuseNulls(value);
    return value;
  }
}

class DomainValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const valid = (await super.transform(value, metadata)) as unknown;
    if (metadata.type === 'body') refuseNulls(valid);
    const named = valid && typeof valid === 'object' && Object.values(valid).some((v) => v !== undefined);
    if (metadata.type === 'body' && metadata.metatype && Reflect.getMetadata(NAMES_A_FIELD, metadata.metatype) && !named) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['the body names no field to change'] });
    }
    return valid;
  }
}

/**
 * Body and query validation for every endpoint: unknown fields are refused, and the 400 names
 * each offending field with its full path (e.g. `contacts.0.email must be an email`); a
 * `@NamesAField()` body must name one.
 */
export function validationPipe(): ValidationPipe {
  return new DomainValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({ statusCode: 400, error: 'Bad Request', message: messages(errors) }),
  });
}
