import { Logger } from '@nestjs/common';
import type { Model } from 'mongoose';

interface Relay {
  flush(model: Model<any>, id: unknown): Promise<void>;
}

const logger = new Logger('RelayNow');

/**
 * Delivers a document's pending events and audit entries right after its write, one relay after
 * the other, before the caller goes on. FerretDB can lose one of two concurrent updates of a
 * document, so the relays' pops must not overlap each other or the document's next write (a
 * fire-and-forget flush would). A failure is left to the relays' sweeps.
 */
export async function relayNow(model: Model<any>, id: unknown, ...relays: Relay[]): Promise<void> {
  for (const relay of relays) {
    await relay.flush(model, id).catch((e: unknown) => logger.warn(`flush deferred to the sweep: ${e instanceof Error ? e.message : String(e)}`));
  }
}
