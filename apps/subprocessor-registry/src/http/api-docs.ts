import { applyDecorators, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** Every error answer: `{ statusCode, message, error }`; a 400's message lists each offending field. */
export class ErrorView {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: ['locations must be an ISO 3166-1 alpha-2 country code (e.g. GB)'] })
  message!: string | string[];
  @ApiPropertyOptional({ example: 'Bad Request' }) error?: string;
}

/** A 409: the state that refused the step, when it is the change's. */
export class ConflictView extends ErrorView {
  @ApiPropertyOptional({ enum: ['draft', 'announced', 'effective', 'cancelled', 'taking effect'] }) status?: string;
}

export class CustomerTermsPeriodView {
  @ApiProperty({ minimum: 30 }) noticePeriodDays!: number;
  @ApiProperty({ minimum: 1, description: 'customers whose terms ask this period' }) customers!: number;
}

/** Which customers' terms set a notice period longer than the standard one. */
export class CustomerTermsReasonView {
  @ApiProperty({ minimum: 30, description: 'the longest period any customer served now asks' }) longestDays!: number;
  @ApiProperty({ type: [String], description: 'ids of the customers asking the longest period (the first 10 by id)' }) setBy!: string[];
  @ApiProperty({ minimum: 1, description: 'how many customers ask the longest period' }) setByCount!: number;
  @ApiProperty({ type: [CustomerTermsPeriodView], description: 'each period longer than the standard, longest first, with how many customers ask it' })
  periods!: CustomerTermsPeriodView[];
}

/** A 422: the date leaves less than the notice period. */
export class NoticePeriodErrorView extends ErrorView {
  @ApiProperty({ type: 'string', format: 'date-time' }) earliestEffectiveAt!: string;
  @ApiProperty({ minimum: 30 }) noticePeriodDays!: number;
  @ApiPropertyOptional({ type: CustomerTermsReasonView, description: "present when customers' terms set the period: which, and how many ask each longer period" })
  customerTerms?: CustomerTermsReasonView;
}

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
    ApiBadRequestResponse({ type: ErrorView, description: `${name} is not an id of 24 hexadecimal characters, or the body or query is invalid (the message names the field)` }),
    ApiNotFoundResponse({ type: ErrorView, description: `no ${what} has this id` }),
  );
}

/** A staff route: 401 without a valid bearer token, 403 without the role. */
export function ApiStaff(roles?: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorView, description: 'no valid staff bearer token' }),
    ApiForbiddenResponse({ type: ErrorView, description: roles ? `the token lacks the role ${roles} (or admin)` : 'the token has no staff role' }),
  );
}

/** The body or query failed validation; the message names each field. */
export const ApiInvalid = (what = 'the body or query') =>
  ApiBadRequestResponse({ type: ErrorView, description: `${what} is invalid; the message names each offending field` });
