import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { isAllowed, PUBLIC_KEY, ROLES_KEY, StaffPrincipal, StaffRole } from './roles';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

export type AuthenticatedRequest = Request & { staff?: StaffPrincipal };

/** Global guard: every HTTP endpoint needs a valid staff token unless it is marked @Public(). */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // Kafka handlers are not staff requests
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('a staff bearer token is required');
    let principal: StaffPrincipal;
    try {
      principal = await this.verifier.verify(token);
    } catch (e) {
      throw new UnauthorizedException(e instanceof InvalidTokenError ? `invalid token: ${e.message}` : 'invalid token');
    }
    const required = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, targets);
    if (!isAllowed(principal.roles, required)) {
      throw new ForbiddenException(`this action needs one of the roles: ${(required ?? ['any staff role']).join(', ')}`);
    }
    request.staff = principal; // platform's ActorInterceptor makes it the request's actor
    return true;
  }
}
