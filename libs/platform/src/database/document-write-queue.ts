import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';

/**
 * Runs the writes to one document one after the other in this process, keyed by
 * `<collection>:<id>`. FerretDB 1.24 applies an update as a read followed by a write without
 * isolation, so two updates racing on one document can silently lose one of them (a state change
 * racing an outbox `$pop`: `npm run bench:update-race`). Aggregate writes and the relays' pops of
 * the same document go through here, so they never overlap in one process. Other replicas are not
 * covered: on FerretDB a stateful service runs one replica (docs/ARCHITECTURE.md).
 *
 * A `run` started inside a run that already holds the same document joins it (runs at once):
 * a write can flush its outbox without waiting for itself. Work that is not awaited must not be
 * started inside a run; use `later` for it, so it queues behind the run instead of overlapping.
 */
@Injectable()
export class DocumentWriteQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** The documents the current run holds; a hold ends with its run, whatever inherited the context. */
  private readonly held = new AsyncLocalStorage<ReadonlyMap<string, { ended: boolean }>>();

  /** Runs `work` once every earlier write to the document has settled; resolves or rejects as `work` does. */
  run<T>(model: Model<any>, id: unknown, work: () => Promise<T>): Promise<T> {
    const key = `${model.collection.name}:${String(id)}`;
    const held = this.held.getStore();
    if (held?.get(key)?.ended === false) return work();
    const hold = { ended: false };
    const holding = new Map(held).set(key, hold);
    const next = (this.tails.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.held.run(holding, work))
      .finally(() => (hold.ended = true));
    this.tails.set(key, next);
    const settled = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(settled, settled);
    return next;
  }

  /** Starts work outside any document this context holds, so its runs queue behind the current ones. */
  later<T>(work: () => Promise<T>): Promise<T> {
    return this.held.exit(work);
  }
}
