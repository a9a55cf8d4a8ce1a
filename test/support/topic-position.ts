import { getConnectionToken } from '@nestjs/mongoose';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import { eventually, RunningService, TestStack } from './test-stack';

/**
 * Where a test's consumer of one topic has got to, so "no such event" can be asserted on a
 * positive marker instead of after a sleep: once a service's outboxes are empty, every event it
 * staged is on the topic, and once the consumer has read up to the topic's end, it has seen them.
 */
export class TopicPosition {
  private readonly seen = new Map<number, number>();

  constructor(
    private readonly stack: TestStack,
    private readonly topic: string,
  ) {}

  /** Call from the consumer's eachMessage. */
  saw(partition: number, offset: string): void {
    this.seen.set(partition, Math.max(this.seen.get(partition) ?? -1, Number(offset)));
  }

  /** Resolves once every event the service has staged so far has reached this consumer. */
  async settled(service: RunningService): Promise<void> {
    await outboxesRelayed(service);
    const admin = this.stack.kafka().admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(this.stack.topic(this.topic));
      const caughtUp = () => ends.every((e) => (this.seen.get(e.partition) ?? -1) >= Number(e.high) - 1);
      await eventually(`the test consumer to read ${this.topic} to its end`, async () => caughtUp(), (done) => done);
    } finally {
      await admin.disconnect();
    }
  }
}

/** How many documents of a database still hold staged events (their outboxes). */
export async function stagedEventHolders(db: Db): Promise<number> {
  const collections = await db.listCollections().toArray();
  const pending = await Promise.all(collections.map((c) => db.collection(c.name).countDocuments({ 'outbox.0': { $exists: true } })));
  return pending.reduce((a, b) => a + b, 0);
}

/** Waits until no document of the service holds a staged event: all are on Kafka. */
export async function outboxesRelayed(service: RunningService): Promise<void> {
  const db = service.app.get<Connection>(getConnectionToken()).db!;
  await eventually('the outboxes relayed', () => stagedEventHolders(db), (n) => n === 0);
}
