import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectMetric } from '@forewarn/platform/metrics/service-metrics';
import type { Model } from 'mongoose';
import { Counter } from 'prom-client';
import { EVENTS_PUBLISHED } from '../messaging.metrics';
import { KafkaConnection } from '../kafka/kafka-connection';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';
import { HasOutbox, PendingEvent } from './pending-event.schema';

type OutboxModel = Model<HasOutbox>;

/**
 * Moves events from aggregates' outboxes to Kafka. Writers call `flush` right after their update
 * so events leave at once; a periodic sweep republishes whatever a crash left behind. An event
 * may be sent twice (crash between send and removal, or two replicas sweeping), never lost:
 * consumers are idempotent by event id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly models = new Set<OutboxModel>();
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly kafka: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @InjectMetric(EVENTS_PUBLISHED) private readonly published: Counter<string>,
  ) {}

  /** Registers an aggregate model whose documents carry an outbox. */
  track(model: Model<any>): void {
    this.models.add(model as OutboxModel);
  }

  /** Publishes the pending events of one document, in order, and removes those that were sent. */
  async flush(model: Model<any>, id: unknown): Promise<void> {
    const doc = await (model as OutboxModel).findById(id, { outbox: 1 }).lean();
    if (doc?.outbox?.length) await this.publish(model as OutboxModel, doc._id, doc.outbox);
  }

  /** Best-effort flush after a write: a failure here is retried by the sweep, not by the caller. */
  flushSoon(model: Model<any>, id: unknown): void {
    this.flush(model, id).catch((e: unknown) =>
      this.logger.warn(`outbox flush deferred to the sweep: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  async sweep(): Promise<void> {
    for (const model of this.models) {
      // 'outbox.0' exists only while the array has at least one pending event.
      const docs = await model.find({ 'outbox.0': { $exists: true } }, { outbox: 1 }).limit(100).lean();
      for (const doc of docs) await this.publish(model, doc._id, doc.outbox);
    }
  }

  private async publish(model: OutboxModel, id: unknown, pending: PendingEvent[]): Promise<void> {
    const producer = await this.kafka.producer();
    // One send per topic keeps the order of each aggregate's events (they share a key and partition).
    for (const topic of [...new Set(pending.map((p) => p.topic))]) {
      await producer.send({
        topic: this.kafka.topic(topic),
        messages: pending
          .filter((p) => p.topic === topic)
          .map((p) => ({
            key: p.key,
            value: JSON.stringify(p.event),
            headers: { 'content-type': 'application/cloudevents+json', ce_type: p.event.type, ce_id: p.event.id },
          })),
      });
    }
    for (const p of pending) this.published.inc({ type: p.event.type });
    // Events are appended in order and sent in order, so the sent ones are at the head of the
    // array. Pop them one by one, each guarded by its id: a conditional $pull would be simpler but
    // FerretDB ignores conditions in $pull, and this form works on both.
    for (const sent of pending) {
      const popped = await model.updateOne({ _id: id, 'outbox.0.event.id': sent.event.id }, { $pop: { outbox: -1 } });
      if (popped.modifiedCount === 0) break; // someone else (another replica's sweep) removed it first
    }
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((e: unknown) => this.logger.warn(`outbox sweep failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => (this.sweeping = undefined));
    }, this.options.config.OUTBOX_SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
  }
}
