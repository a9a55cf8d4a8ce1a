import { Schema } from 'mongoose';

export const CONSUMED_EVENT_MODEL = 'ConsumedEvent';

/**
 * Proof that a consumer finished an event, `_id` = `<consumer>:<event id>`: checked and recorded
 * by `_id` alone (an insert and a read that cost the same at any size on FerretDB), and pruned
 * after `CONSUMED_EVENT_RETENTION_DAYS`.
 */
export interface ConsumedEvent {
  _id: string;
  consumer: string;
  eventId: string;
  type: string;
  /** Wall time: retention is about Kafka's redelivery, not business time. */
  consumedAt: Date;
}

export const consumedEventIdOf = (consumer: string, eventId: string) => `${consumer}:${eventId}`;

export const ConsumedEventSchema = new Schema<ConsumedEvent>(
  {
    _id: { type: String, required: true },
    consumer: { type: String, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    consumedAt: { type: Date, required: true },
  },
  { collection: 'consumed_events', versionKey: false },
);
// For the daily prune on MongoDB; on FerretDB that prune is the one scan of this collection.
ConsumedEventSchema.index({ consumedAt: 1 });
