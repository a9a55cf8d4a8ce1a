import { createHash } from 'node:crypto';

/** One line of a breach's timeline as stored: who, when, what kind, what, chained to the one before. */
export interface TimelineLink {
  breachId: string;
  seq: number;
  /** The id the entry was staged under: part of the hash, so an entry cannot be swapped for another. */
  entryId: string;
  at: Date;
  actor: string;
  kind: string;
  text: string;
  prevHash: string;
  hash: string;
}

/** The last link as recorded with the breach itself: what the chain must end with. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over the entry's fields and the previous hash, in a fixed order. */
export function hashOf(entry: Omit<TimelineLink, 'hash'>): string {
  const canonical = JSON.stringify([entry.breachId, entry.seq, entry.entryId, entry.at.toISOString(), entry.actor, entry.kind, entry.text, entry.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function link(prev: Pick<TimelineLink, 'hash' | 'seq'> | undefined, entry: Omit<TimelineLink, 'seq' | 'prevHash' | 'hash'>): TimelineLink {
  const unhashed = { ...entry, seq: (prev?.seq ?? 0) + 1, prevHash: prev?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: hashOf(unhashed) };
}

export type ChainVerdict = { valid: true; entries: number } | { valid: false; entries: number; brokenAt: number; reason: string };

/**
 * Recomputes the chain from the start and holds it against the head recorded with the breach.
 * Names the first place that does not hold: a missing entry (a gap or a missing tail), an entry
 * changed after it was written, a link to the wrong predecessor, entries past the recorded head,
 * or a suffix rewritten with fresh hashes (the chain holds together but ends elsewhere than the head).
 * `entries` are the stored entries found, in sequence order; without a head (a breach logged
 * before heads were recorded) only the chain itself is checked.
 */
export function verifyChain(entries: TimelineLink[], head?: ChainHead): ChainVerdict {
  const broken = (brokenAt: number, reason: string): ChainVerdict => ({ valid: false, entries: entries.length, brokenAt, reason });
  let prev: TimelineLink | undefined;
  for (const entry of entries) {
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (entry.seq !== expectedSeq) return broken(expectedSeq, `entry ${expectedSeq} is missing`);
    if (head && entry.seq > head.seq) return broken(entry.seq, `entry ${entry.seq} is after the last entry recorded with the breach (${head.seq})`);
    if (entry.prevHash !== (prev?.hash ?? GENESIS_HASH)) return broken(entry.seq, `entry ${entry.seq} does not link to the entry before it`);
    if (hashOf(entry) !== entry.hash) return broken(entry.seq, `entry ${entry.seq} was changed after it was written`);
    prev = entry;
  }
  if (!head) return { valid: true, entries: entries.length };
  const last = prev?.seq ?? 0;
  if (last < head.seq) return broken(last + 1, `entries ${last + 1} to ${head.seq} are missing (the breach records ${head.seq})`);
  if (prev && prev.hash !== head.hash) return broken(head.seq, `the chain does not end with the hash recorded with the breach: entries up to ${head.seq} were rewritten`);
  return { valid: true, entries: entries.length };
}

export type HeadsVerdict = { valid: true; heads: number } | { valid: false; heads: number; brokenAt: number; reason: string };

/**
 * Holds the stored entries against every head published when it was recorded (kept outside the
 * chain: on the topic and in the audit trail). A chain rewritten whole, head included, holds
 * together; it no longer has the published hash at a published place.
 */
export function verifyPublishedHeads(entries: Pick<TimelineLink, 'seq' | 'hash'>[], published: ChainHead[]): HeadsVerdict {
  const bySeq = new Map(entries.map((e) => [e.seq, e.hash]));
  const heads = [...new Map(published.map((h) => [`${h.seq}:${h.hash}`, h])).values()].sort((a, b) => a.seq - b.seq);
  for (const head of heads) {
    const stored = bySeq.get(head.seq);
    if (stored === undefined) return { valid: false, heads: heads.length, brokenAt: head.seq, reason: `entry ${head.seq} was published as the chain's head and is missing` };
    if (stored !== head.hash) {
      return { valid: false, heads: heads.length, brokenAt: head.seq, reason: `entry ${head.seq} does not have the hash published when it was written: the chain was rewritten up to it` };
    }
  }
  return { valid: true, heads: heads.length };
}
