import { Injectable, Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import { AuditTrail } from '@forewarn/audit';
import { OutboxRelay } from '@forewarn/messaging';
import { DocumentWriteQueue } from '@forewarn/platform';

/**
 * The registry's writes to its aggregates (changes, subprocessors, objections): each runs in the
 * document's `DocumentWriteQueue` and relays what it staged (events, audit entries) before the
 * queue lets the next write or relay pop of that document in. The flushes join the run, so no pop
 * overlaps a write of the same document in this process (docs/ARCHITECTURE.md "Racing updates").
 */
@Injectable()
export class AggregateWrites {
  private readonly logger = new Logger(AggregateWrites.name);

  constructor(
    private readonly writes: DocumentWriteQueue,
    private readonly outbox: OutboxRelay,
    private readonly audit: AuditTrail,
  ) {}

  /** Runs `write`, then flushes the document's outbox and audit entries; a failed flush is left to the relays' sweeps. */
  run<T>(model: Model<any>, id: unknown, write: () => Promise<T>): Promise<T> {
    return this.writes.run(model, id, async () => {
      const result = await write();
      for (const [what, relay] of [
        ['events', this.outbox],
        ['audit entries', this.audit],
      ] as const) {
        await relay.flush(model, id).catch((e: unknown) => this.logger.warn(`${what} of ${model.collection.name} ${String(id)} deferred to the sweep: ${e instanceof Error ? e.message : String(e)}`));
      }
      return result;
    });
  }
}
