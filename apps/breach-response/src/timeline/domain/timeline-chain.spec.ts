import { ChainHead, GENESIS_HASH, link, TimelineLink, verifyChain, verifyPublishedHeads } from './timeline-chain';

function chain(n: number, text = (i: number) => `entry ${i}`): TimelineLink[] {
  const entries: TimelineLink[] = [];
  for (let i = 1; i <= n; i++) {
    entries.push(link(entries.at(-1), { breachId: 'b1', entryId: `e${i}`, at: new Date(Date.UTC(2026, 2, 1, i)), actor: 'user:r', kind: 'note', text: text(i) }));
  }
  return entries;
}

const headOf = (entries: TimelineLink[]): ChainHead => ({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });

describe('timeline hash chain', () => {
  it('links each entry to the one before and ends at the recorded head', () => {
    const entries = chain(5);
    expect(entries[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(entries[1].prevHash).toBe(entries[0].hash);
    expect(entries[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyChain(entries, headOf(entries))).toEqual({ valid: true, entries: 5 });
  });

  it('names the first entry whose text was changed', () => {
    const entries = chain(4);
    const head = headOf(entries);
    entries[2] = { ...entries[2], text: 'nothing happened' };
    expect(verifyChain(entries, head)).toMatchObject({ valid: false, brokenAt: 3 });
  });

  it('hashes the entry id: an entry swapped for another with the same words is caught', () => {
    const entries = chain(3);
    const head = headOf(entries);
    entries[1] = { ...entries[1], entryId: 'someone-else' };
    expect(verifyChain(entries, head)).toMatchObject({ valid: false, brokenAt: 2, reason: expect.stringContaining('changed') });
  });

  it('notices an entry rewritten with a fresh hash, by the next link', () => {
    const entries = chain(4);
    const head = headOf(entries);
    entries[1] = link(entries[0], { ...entries[1], text: 'rewritten' });
    expect(verifyChain(entries, head)).toMatchObject({ valid: false, brokenAt: 3, reason: expect.stringContaining('link') });
  });

  it('reports a gap, and still counts the entries after it', () => {
    const entries = chain(5);
    const head = headOf(entries);
    entries.splice(1, 1);
    expect(verifyChain(entries, head)).toEqual({ valid: false, entries: 4, brokenAt: 2, reason: 'entry 2 is missing' });
  });

  it('reports a missing tail, which the chain alone cannot see', () => {
    const entries = chain(5);
    const head = headOf(entries);
    const cut = entries.slice(0, 3);
    expect(verifyChain(cut)).toEqual({ valid: true, entries: 3 });
    expect(verifyChain(cut, head)).toMatchObject({ valid: false, brokenAt: 4, reason: expect.stringContaining('4 to 5 are missing') });
  });

  it('reports a suffix rewritten with fresh hashes, which holds together but ends elsewhere', () => {
    const entries = chain(5);
    const head = headOf(entries);
    const rewritten = [...entries.slice(0, 2), ...chain(5, (i) => (i > 2 ? 'forged' : `entry ${i}`)).slice(2)];
    expect(verifyChain(rewritten)).toEqual({ valid: true, entries: 5 });
    expect(verifyChain(rewritten, head)).toMatchObject({ valid: false, brokenAt: 5, reason: expect.stringContaining('rewritten') });
  });

  it('reports entries appended past the recorded head', () => {
    const entries = chain(4);
    expect(verifyChain(entries, headOf(entries.slice(0, 3)))).toMatchObject({ valid: false, brokenAt: 4, reason: expect.stringContaining('after the last entry') });
  });

  it('catches a chain rewritten whole, head included, by the heads published as it grew', () => {
    const entries = chain(4);
    const published = [headOf(entries.slice(0, 2)), headOf(entries)];
    expect(verifyPublishedHeads(entries, [...published, published[1]])).toEqual({ valid: true, heads: 2 });
    const rewritten = chain(4, (i) => (i === 2 ? 'nothing was taken' : `entry ${i}`));
    expect(verifyChain(rewritten, headOf(rewritten))).toEqual({ valid: true, entries: 4 });
    expect(verifyPublishedHeads(rewritten, published)).toMatchObject({ valid: false, brokenAt: 2, reason: expect.stringContaining('rewritten') });
    expect(verifyPublishedHeads(entries.slice(0, 3), published)).toMatchObject({ valid: false, brokenAt: 4, reason: expect.stringContaining('missing') });
  });
});
