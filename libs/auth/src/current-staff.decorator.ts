import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './staff-auth.guard';
import type { StaffPrincipal } from './roles';

/** The verified staff member making the request. */
export const CurrentStaff = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): StaffPrincipal => ctx.switchToHttp().getRequest<AuthenticatedRequest>().staff!,
);
