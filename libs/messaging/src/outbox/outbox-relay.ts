import { Inject, Injectable } from '@nestjs/common';
import { InjectMetric } from '@forewarn/platform/metrics/service-metrics';
import { Counter } from 'prom-client';
import { DocumentWriteQueue } from '@forewarn/platform/database/document-write-queue';
import { PendingArrayRelay } from '@forewarn/platform/database/pending-array-relay';
import { EVENTS_PUBLISHED } from '../messaging.metrics';
import { KafkaConnection } from '../kafka/kafka-connection';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';
import { PendingEvent } from './pending-event.schema';

/**
 * Moves events from aggregates' outboxes to Kafka. Writers call `flushSoon` right after their
 * update so events leave at once; a periodic sweep (OUTBOX_SWEEP_INTERVAL_MS) republishes
 * whatever a crash left behind. An event may be sent twice (crash between send and removal, or
 * two replicas sweeping), never lost: consumers are idempotent by event id.
 */
@Injectable()
export class OutboxRelay extends PendingArrayRelay<PendingEvent> {
  constructor(
    private readonly kafka: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    @InjectMetric(EVENTS_PUBLISHED) private readonly published: Counter<string>,
    writes: DocumentWriteQueue,
  ) {
    super({ name: 'outbox', field: 'outbox', idPath: 'event.id', sweepIntervalMs: options.config.OUTBOX_SWEEP_INTERVAL_MS }, writes);
  }

  protected override async deliver(pending: PendingEvent[]): Promise<void> {
    await this.publish(pending);
  }

  /**
   * Sends events that ride on no outbox, for a relay that must announce what it delivered before
   * it pops (the timeline's new head): repeated after a crash, so they carry ids of their own.
   */
  async publish(pending: PendingEvent[]): Promise<void> {
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
  }
}
