import { Schema } from 'mongoose';
import type { AuditEntry } from './domain/audit-entry';

export const AUDIT_ENTRY_MODEL = 'AuditEntry';

/** An entry as stored in the trail: its id is the `_id`, so a repeated flush is a duplicate key. */
export type StoredAuditEntry = Omit<AuditEntry, 'id'> & { _id: string };

const fields = {
  at: { type: Date, required: true },
  actor: { type: String, required: true },
  correlationId: { type: String },
  service: { type: String, required: true },
  action: { type: String, required: true },
  entityType: { type: String, required: true },
  entityId: { type: String, required: true },
  summary: { type: String },
  changes: { type: Schema.Types.Mixed },
};

/**
 * The trail (`audit_entries`). Insert-only: nothing in the code updates or deletes an entry. In
 * production MongoDB can enforce that with a role whose only privileges on this collection are
 * `insert` and `find` (see docs/ARCHITECTURE.md).
 */
export const AuditEntrySchema = new Schema<StoredAuditEntry>(
  { _id: { type: String, required: true }, ...fields },
  { collection: 'audit_entries', versionKey: false, minimize: false },
);
// For MongoDB; on FerretDB a query of the trail is a full scan, which is fine for a report.
AuditEntrySchema.index({ entityType: 1, entityId: 1, at: -1 });
AuditEntrySchema.index({ actor: 1, at: -1 });
AuditEntrySchema.index({ at: -1 });
AuditEntrySchema.index({ entityId: 1, at: -1 });

const PendingAuditEntrySchema = new Schema<AuditEntry>({ id: { type: String, required: true }, ...fields }, { _id: false, minimize: false });

export interface HasAuditTrail {
  auditPending: AuditEntry[];
}

/**
 * Gives an aggregate's schema room for audit entries that wait to be moved into the trail. A write
 * `$push`es its entry into `auditPending` in the same single-document update as the state change
 * (or passes it to `create`), so the change and its record are stored or lost together.
 */
export function withAuditTrail<S extends Schema>(schema: S): S {
  schema.add({ auditPending: { type: [PendingAuditEntrySchema], default: [] } } as never);
  // The sweep finds documents with entries still to move: only those are indexed.
  schema.index({ 'auditPending.0': 1 }, { sparse: true });
  return schema;
}
