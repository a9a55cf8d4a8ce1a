import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '@forewarn/platform/database/duplicate-key';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';

const DAY_MS = 86_400_000;
const PREFIX = 'consumed_events_';

/**
 * The ids of the events each consumer finished, so a redelivered event is skipped. Stored only by
 * insert and read only by `_id` (`<consumer>:<event id>`), which cost the same at any size on
 * FerretDB, in one collection per period of `CONSUMED_EVENT_RETENTION_DAYS` (`consumed_events_<n>`):
 * a check reads the current and the previous period, and forgetting old ids drops a whole
 * collection. (A delete of old ids would scan the collection, and on FerretDB a delete matching
 * tens of thousands of documents fails outright.) An id is remembered for one to two periods.
 */
@Injectable()
export class ConsumedEvents {
  /** Wall time: the retention is about Kafka's redelivery, not business time. Tests may move it. */
  now: () => number = () => Date.now();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async has(consumer: string, eventId: string): Promise<boolean> {
    const current = this.period();
    for (const period of [current, current - 1]) {
      if (await this.collectionOf(period).findOne({ _id: idOf(consumer, eventId) } as never, { projection: { _id: 1 } })) return true;
    }
    return false;
  }

  async record(consumer: string, eventId: string, type: string): Promise<void> {
    try {
      await this.collectionOf(this.period()).insertOne({ _id: idOf(consumer, eventId), consumer, eventId, type, consumedAt: new Date(this.now()) } as never);
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e; // already there: a retry after the record was stored
    }
  }

  /** Drops the periods before the previous one; answers their names. */
  async forgetOld(): Promise<string[]> {
    const oldest = this.period() - 1;
    const names = (await this.connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const old = names.filter((name) => name.startsWith(PREFIX) && Number(name.slice(PREFIX.length)) < oldest);
    for (const name of old) await this.connection.db!.dropCollection(name);
    return old;
  }

  private period(): number {
    return Math.floor(this.now() / (this.options.config.CONSUMED_EVENT_RETENTION_DAYS * DAY_MS));
  }

  private collectionOf(period: number) {
    return this.connection.db!.collection(`${PREFIX}${period}`);
  }
}

const idOf = (consumer: string, eventId: string) => `${consumer}:${eventId}`;
