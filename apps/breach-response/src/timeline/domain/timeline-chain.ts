import { createHash } from 'node:crypto';

/** One line of a breach's timeline as stored: who, when, what kind, what, chained to the one before. */
export interface TimelineLink {
  breachId: string;
  seq: number;
  at: Date;
  actor: string;
  kind: string;
  text: string;
  prevHash: string;
  hash: string;
}

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over the entry's fields and the previous hash, in a fixed order. */
export function hashOf(entry: Omit<TimelineLink, 'hash'>): string {
  const canonical = JSON.stringify([entry.breachId, entry.seq, entry.at.toISOString(), entry.actor, entry.kind, entry.text, entry.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function link(prev: Pick<TimelineLink, 'hash' | 'seq'> | undefined, entry: Omit<TimelineLink, 'seq' | 'prevHash' | 'hash'>): TimelineLink {
  const unhashed = { ...entry, seq: (prev?.seq ?? 0) + 1, prevHash: prev?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: hashOf(unhashed) };
}

export type ChainVerdict = { valid: true; entries: number } | { valid: false; entries: number; brokenAt: number; reason: string };

/** Recomputes the chain from the start; names the first entry whose hash or link does not hold. */
export function verifyChain(entries: TimelineLink[]): ChainVerdict {
  let prev: TimelineLink | undefined;
  for (const entry of entries) {
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (entry.seq !== expectedSeq) return { valid: false, entries: entries.length, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing` };
    if (entry.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
      return { valid: false, entries: entries.length, brokenAt: entry.seq, reason: `entry ${entry.seq} does not link to the entry before it` };
    }
    if (hashOf(entry) !== entry.hash) {
      return { valid: false, entries: entries.length, brokenAt: entry.seq, reason: `entry ${entry.seq} was changed after it was written` };
    }
    prev = entry;
  }
  return { valid: true, entries: entries.length };
}
