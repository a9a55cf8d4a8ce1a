import { Schema } from 'mongoose';
import type { ForewarnEvent } from '@forewarn/contracts';

/** An event stored with the state change that caused it, waiting to be relayed to Kafka. */
export interface PendingEvent {
  topic: string;
  key: string;
  event: ForewarnEvent;
}

export interface HasOutbox {
  outbox: PendingEvent[];
}

const PendingEventSchema = new Schema<PendingEvent>(
  {
    topic: { type: String, required: true },
    key: { type: String, required: true },
    event: { type: Schema.Types.Mixed, required: true },
  },
  { _id: false },
);

/**
 * Gives an aggregate's schema its outbox. A write that changes the aggregate pushes its events
 * into `outbox` in the same single-document update, so the change and its events are stored or
 * lost together without multi-document transactions.
 */
export function withOutbox<S extends Schema>(schema: S): S {
  schema.add({ outbox: { type: [PendingEventSchema], default: [] } } as never);
  schema.index({ 'outbox.event.id': 1 });
  // The relay's sweep finds documents with events still to publish: only those are indexed.
  schema.index({ 'outbox.0': 1 }, { sparse: true });
  return schema;
}
