import { Injectable } from '@nestjs/common';

/**
 * Runs the writes to one breach document one after the other in this process. FerretDB 1.24
 * applies an update as read-then-write without isolation, so two updates racing on one document
 * can silently drop one of them (measured: 21 of 30 state changes lost to a concurrent `$pop`).
 * Every write to a breach, and the pops of its outbox, audit and timeline entries, go through here.
 */
@Injectable()
export class BreachWriteQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(breachId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(breachId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.tails.set(breachId, next);
    const settled = () => {
      if (this.tails.get(breachId) === next) this.tails.delete(breachId);
    };
    next.then(settled, settled);
    return next;
  }
}
