import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';

/** The answers every staff route can give besides its own: no or bad token, wrong role. */
export const ApiStaffErrors = () =>
  applyDecorators(
    ApiResponse({ status: 401, description: 'no valid staff token' }),
    ApiResponse({ status: 403, description: 'the token lacks the role this route needs' }),
  );

/** `:id` takes the breach's id or its reference; anything else is a 404, never a 5xx. */
export const ApiBreachId = () =>
  applyDecorators(
    ApiParam({ name: 'id', description: 'The breach id (24 hex digits) or its reference (BR-2026-0007)', example: 'BR-2026-0007' }),
    ApiResponse({ status: 404, description: 'no breach has this id or reference' }),
  );

export const ApiBadRequest = () => ApiResponse({ status: 400, description: 'invalid input; the message names each offending field' });
