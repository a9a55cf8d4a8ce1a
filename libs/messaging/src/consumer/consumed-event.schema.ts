import { Schema } from 'mongoose';

export const CONSUMED_EVENT_MODEL = 'ConsumedEvent';

/** Proof that a consumer finished an event; the unique index makes redelivery a no-op. */
export interface ConsumedEvent {
  consumer: string;
  eventId: string;
  type: string;
  consumedAt: Date;
}

export const ConsumedEventSchema = new Schema<ConsumedEvent>(
  {
    consumer: { type: String, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    consumedAt: { type: Date, required: true },
  },
  { collection: 'consumed_events', versionKey: false },
);
ConsumedEventSchema.index({ consumer: 1, eventId: 1 }, { unique: true });
