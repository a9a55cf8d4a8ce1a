import { applyDecorators, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiParam, ApiUnauthorizedResponse } from '@nestjs/swagger';

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/**
 * Our ids are MongoDB ObjectIds written as 24 hex characters. Anything else is refused with a 400
 * naming the parameter, before it can reach the database as a cast error (a 500).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!OBJECT_ID.test(value)) throw new BadRequestException([`${this.name} must be an id of 24 hexadecimal characters`]);
    return value.toLowerCase();
  }
}

/** Documents an id path parameter: its format, the 400 for another format, the 404 for an unknown id. */
export function ApiIdParam(name: string, what: string): MethodDecorator {
  return applyDecorators(
    ApiParam({ name, schema: { type: 'string', pattern: '^[0-9a-fA-F]{24}$' }, description: `the ${what}'s id` }),
    ApiBadRequestResponse({ description: `${name} is not an id of 24 hexadecimal characters, or the body or query is invalid (the message names the field)` }),
    ApiNotFoundResponse({ description: `no ${what} has this id` }),
  );
}

/** A staff route: 401 without a valid bearer token, 403 without the role. */
export function ApiStaff(roles?: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no valid staff bearer token' }),
    ApiForbiddenResponse({ description: roles ? `the token lacks the role ${roles} (or admin)` : 'the token has no staff role' }),
  );
}

/** The body or query failed validation; the message names each field. */
export const ApiInvalid = (what = 'the body or query') =>
  ApiBadRequestResponse({ description: `${what} is invalid; the message names each offending field` });
