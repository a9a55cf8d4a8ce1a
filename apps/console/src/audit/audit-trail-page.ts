export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  service: string;
  action: string;
  entityType: string;
  entityId: string;
  summary?: string;
  changes?: Record<string, unknown>;
}

/**
 * One page of the three services' trails together, newest first: each service gives its newest
 * `size` entries up to the cursor, and the page is the newest `size` of them all. The next page's
 * cursor is a millisecond before the oldest shown.
 */
export function mergedAuditPage(trails: AuditEntry[][], size: number): { entries: AuditEntry[]; nextTo?: string } {
  const all = trails.flat().sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  const entries = all.slice(0, size);
  const more = all.length > size || trails.some((t) => t.length >= size);
  const oldest = entries.at(-1);
  return { entries, nextTo: more && oldest ? new Date(new Date(oldest.at).getTime() - 1).toISOString() : undefined };
}
