import { randomUUID } from 'node:crypto';

/**
 * A CloudEvents 1.0 event in structured JSON mode, with the two extension attributes every
 * Forewarn event carries: the correlation id of the request or event that caused it, and the
 * actor (`user:<sub>`, `contact:<id>`, `system:<service>`).
 */
export interface ForewarnEvent<TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: TData;
  correlationid: string;
  actor: string;
}

export interface NewEvent<TData> {
  /** A fact that may be announced more than once names itself, so each repeat carries the same id. */
  id?: string;
  type: string;
  source: string;
  subject: string;
  data: TData;
  time: Date;
  correlationId: string;
  actor: string;
}

export function buildEvent<TData>(e: NewEvent<TData>): ForewarnEvent<TData> {
  return {
    specversion: '1.0',
    id: e.id ?? randomUUID(),
    source: e.source,
    type: e.type,
    time: e.time.toISOString(),
    subject: e.subject,
    datacontenttype: 'application/json',
    data: e.data,
    correlationid: e.correlationId,
    actor: e.actor,
  };
}
