/** What a write tells the trail: what it did to which entity. */
export interface AuditRecord {
  /** What was done, in the domain's words: `change.announced`, `breach.transitioned`, `customer.imported`. */
  action: string;
  entityType: string;
  entityId: string;
  summary?: string;
  /** What changed: the fields set (new values), or `{ field: { from, to } }`. Plain JSON. */
  changes?: Record<string, unknown>;
}

/** One entry of the append-only trail: the record plus who, when, and in which request or event. */
export interface AuditEntry extends AuditRecord {
  id: string;
  at: Date;
  /** `user:<sub>`, `contact:<id>` or `system:<service>`, as in the request context. */
  actor: string;
  correlationId?: string;
  service: string;
}

const NAME = /^[A-Za-z0-9._:/-]{1,100}$/;

/**
 * Refuses a record the trail could not store or query well, naming the field: a programming error
 * that should fail the write it belongs to, not vanish. `changes` must survive JSON (dates become
 * ISO strings) and have no keys that MongoDB treats as operators or paths.
 */
export function normaliseAuditRecord(record: AuditRecord): AuditRecord {
  if (typeof record.action !== 'string' || !NAME.test(record.action)) throw new RangeError('audit action must be 1–100 letters, digits or . _ : / -');
  if (typeof record.entityType !== 'string' || !NAME.test(record.entityType)) throw new RangeError('audit entityType must be 1–100 letters, digits or . _ : / -');
  if (typeof record.entityId !== 'string' || record.entityId.length === 0 || record.entityId.length > 200) throw new RangeError('audit entityId must be 1–200 characters');
  const normalised: AuditRecord = { action: record.action, entityType: record.entityType, entityId: record.entityId };
  if (record.summary !== undefined) normalised.summary = String(record.summary).slice(0, 2000);
  if (record.changes !== undefined) {
    const changes = JSON.parse(JSON.stringify(record.changes)) as Record<string, unknown>;
    const bad = badKeyIn(changes);
    if (bad !== undefined) throw new RangeError(`audit changes key "${bad}" may not start with $ or contain a dot`);
    normalised.changes = changes;
  }
  return normalised;
}

function badKeyIn(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (!Array.isArray(value) && (key.startsWith('$') || key.includes('.'))) return key;
    const deeper = badKeyIn(inner);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

/** The database filter for a query on the trail: every given criterion must hold; `from` and `to` are inclusive. */
export function auditFilterOf(query: AuditQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.entityType) filter.entityType = query.entityType;
  if (query.entityId) filter.entityId = query.entityId;
  if (query.actor) filter.actor = query.actor;
  if (query.from || query.to) {
    filter.at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
  }
  return filter;
}
