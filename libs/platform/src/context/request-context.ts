import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Who caused the work in progress and which chain of requests and events it belongs to. */
export interface RequestContext {
  correlationId: string;
  /** `user:<sub>` for staff, `contact:<id>` for a customer link, `system:<service>` for timers. */
  actor: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  /** Lets auth record the actor once the token is verified, for the rest of the request. */
  setActor(actor: string): void {
    const store = storage.getStore();
    if (store) store.actor = actor;
  },
  newCorrelationId(): string {
    return randomUUID();
  },
};
