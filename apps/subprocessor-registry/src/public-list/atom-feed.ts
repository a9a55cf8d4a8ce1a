import { XMLBuilder } from 'fast-xml-parser';
import { isFeedEvent, ListEvent, ListVersion } from '../list-versions/domain/list-version';

const headlines: Record<string, string> = {
  announced: 'Announced',
  rescheduled: 'Rescheduled',
  cancelled: 'Cancelled',
  effective: 'Now in effect',
};

const day = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 10) : '');

/** How one feed entry reads: what happened to which change. */
export function entryTitle(event: ListEvent): string {
  const what = `${event.kind ?? 'change'} of ${event.subprocessorName ?? 'a subprocessor'}`;
  switch (event.action) {
    case 'rescheduled':
      return `${headlines.rescheduled}: ${what}, now effective ${day(event.effectiveAt)} (was ${day(event.previousEffectiveAt)})`;
    case 'cancelled':
      return `${headlines.cancelled}: ${what}`;
    case 'effective':
      return `${headlines.effective}: ${what}`;
    default:
      return `${headlines.announced}: ${what}, effective ${day(event.effectiveAt)}`;
  }
}

function entryText(event: ListEvent): string {
  return [event.summary, event.reason ? `Reason: ${event.reason}` : undefined, event.effectiveAt ? `Effective date: ${event.effectiveAt}` : undefined]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * The Atom 1.0 feed (RFC 4287) of the list's changes: one entry per announcement, reschedule,
 * cancellation and effective change, newest first. Each entry's id is the list version it made,
 * which never changes. The builder escapes every text it inserts.
 */
export function renderAtomFeed(baseUrl: string, versions: ListVersion[]): string {
  const listUrl = `${baseUrl}/subprocessors`;
  const entries = versions.filter((v) => isFeedEvent(v.event));
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      id: listUrl,
      title: 'Subprocessor changes',
      subtitle: 'Additions, replacements, removals and material changes of our subprocessors, announced before they take effect',
      updated: new Date(entries[0]?.at ?? 0).toISOString(),
      author: { name: 'Subprocessor registry' },
      link: [
        { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': `${listUrl}/feed.atom` },
        { '@_rel': 'alternate', '@_type': 'text/html', '@_href': listUrl },
      ],
      entry: entries.map((v) => ({
        id: `${listUrl}?version=${v.version}`,
        title: entryTitle(v.event),
        updated: new Date(v.at).toISOString(),
        link: { '@_rel': 'alternate', '@_type': 'text/html', '@_href': `${listUrl}?version=${v.version}` },
        category: { '@_term': v.event.action },
        content: { '@_type': 'text', '#text': entryText(v.event) },
      })),
    },
  }) as string;
}
