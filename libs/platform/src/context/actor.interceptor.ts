import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { AuthenticatedRequest } from '@forewarn/auth';
import { requestContext } from './request-context';

/**
 * Records the verified staff member as the request's actor. Interceptors run after guards, so
 * the auth guard has attached `request.staff` by now; auth itself knows nothing of the context.
 */
@Injectable()
export class ActorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const staff = context.switchToHttp().getRequest<AuthenticatedRequest>().staff;
      if (staff) requestContext.setActor(`user:${staff.sub}`);
    }
    return next.handle();
  }
}
