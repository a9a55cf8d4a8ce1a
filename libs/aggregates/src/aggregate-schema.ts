import type { Schema } from 'mongoose';
import { withAuditTrail } from '@forewarn/audit';
import { withOutbox } from '@forewarn/messaging';

/**
 * Gives an aggregate's schema what the store writes besides its fields: the outbox, the staged
 * audit entries and the `version` the writes are guarded by.
 */
export function aggregateSchema<S extends Schema>(schema: S): S {
  withAuditTrail(withOutbox(schema));
  if (!schema.path('version')) schema.add({ version: { type: Number, default: 0 } } as never);
  return schema;
}
