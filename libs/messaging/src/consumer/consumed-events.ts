import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { GroupedInserts } from '@forewarn/platform/database/grouped-inserts';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';

const DAY_MS = 86_400_000;
const PREFIX = 'consumed_events_';

interface ConsumedRecord {
  _id: string;
  consumer: string;
  eventId: string;
  type: string;
  consumedAt: Date;
}

/**
 * The ids of the events each consumer finished, so a redelivered event is skipped. Stored only by
 * insert and read only by `_id` (`<consumer>:<event id>`), which cost the same at any size on
 * FerretDB, in one collection per period of `CONSUMED_EVENT_RETENTION_DAYS` (`consumed_events_<n>`).
 * A record goes into this period and the next, so a check reads one collection: a read per event
 * cannot be batched, while the inserts of the events in flight share one per period. Forgetting
 * old ids drops whole periods (a delete of old ids would scan the collection, and on FerretDB a
 * delete matching tens of thousands of documents fails outright). An id is remembered for one to
 * two periods.
 */
@Injectable()
export class ConsumedEvents {
  /** Wall time: the retention is about Kafka's redelivery, not business time. Tests may move it. */
  now: () => number = () => Date.now();
  private readonly inserts = new Map<number, GroupedInserts<ConsumedRecord>>();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async has(consumer: string, eventId: string): Promise<boolean> {
    return (await this.collectionOf(this.period()).findOne({ _id: idOf(consumer, eventId) } as never, { projection: { _id: 1 } })) !== null;
  }

  /** Already there is fine: a retry after the record was stored. */
  async record(consumer: string, eventId: string, type: string): Promise<void> {
    const period = this.period();
    const record = { _id: idOf(consumer, eventId), consumer, eventId, type, consumedAt: new Date(this.now()) };
    await Promise.all([period, period + 1].map((p) => this.insertsInto(p).insert({ ...record })));
  }

  /** Drops the periods before this one; answers their names. */
  async forgetOld(): Promise<string[]> {
    const current = this.period();
    const names = (await this.connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const old = names.filter((name) => name.startsWith(PREFIX) && Number(name.slice(PREFIX.length)) < current);
    for (const name of old) await this.connection.db!.dropCollection(name);
    for (const period of this.inserts.keys()) if (period < current) this.inserts.delete(period);
    return old;
  }

  private insertsInto(period: number): GroupedInserts<ConsumedRecord> {
    let inserts = this.inserts.get(period);
    if (!inserts) this.inserts.set(period, (inserts = new GroupedInserts({ collection: this.collectionOf(period) as never })));
    return inserts;
  }

  private period(): number {
    return Math.floor(this.now() / (this.options.config.CONSUMED_EVENT_RETENTION_DAYS * DAY_MS));
  }

  private collectionOf(period: number) {
    return this.connection.db!.collection(`${PREFIX}${period}`);
  }
}

const idOf = (consumer: string, eventId: string) => `${consumer}:${eventId}`;
