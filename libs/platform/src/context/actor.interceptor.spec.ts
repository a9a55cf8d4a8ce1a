import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { ActorInterceptor } from './actor.interceptor';
import { requestContext } from './request-context';

const httpContext = (request: object) =>
  ({ getType: () => 'http', switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;

describe('ActorInterceptor', () => {
  const interceptor = new ActorInterceptor();
  const next: CallHandler = { handle: () => of(requestContext.current()?.actor) };

  it('makes the staff member the guard verified the actor of the request', async () => {
    const actor = await requestContext.run({ correlationId: 'c', actor: 'anonymous' }, () =>
      lastValueFrom(interceptor.intercept(httpContext({ staff: { sub: 'alice', roles: ['compliance'] } }), next)),
    );
    expect(actor).toBe('user:alice');
  });

  it('leaves a public request anonymous', async () => {
    const actor = await requestContext.run({ correlationId: 'c', actor: 'anonymous' }, () => lastValueFrom(interceptor.intercept(httpContext({}), next)));
    expect(actor).toBe('anonymous');
  });
});
