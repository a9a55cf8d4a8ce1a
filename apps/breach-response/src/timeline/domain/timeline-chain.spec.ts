import { GENESIS_HASH, link, TimelineLink, verifyChain } from './timeline-chain';

function chain(n: number): TimelineLink[] {
  const entries: TimelineLink[] = [];
  for (let i = 0; i < n; i++) {
    entries.push(link(entries.at(-1), { breachId: 'b1', at: new Date(Date.UTC(2026, 2, 1, i)), actor: 'user:r', kind: 'note', text: `entry ${i + 1}` }));
  }
  return entries;
}

describe('timeline hash chain', () => {
  it('links each entry to the one before', () => {
    const [first, second] = chain(2);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyChain(chain(5))).toEqual({ valid: true, entries: 5 });
  });

  it('names the first entry whose text was changed', () => {
    const entries = chain(4);
    entries[2] = { ...entries[2], text: 'nothing happened' };
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: 3 });
  });

  it('notices an entry rewritten with a fresh hash, by the next link', () => {
    const entries = chain(4);
    entries[1] = link(entries[0], { ...entries[1], text: 'rewritten' });
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: 3, reason: expect.stringContaining('link') });
  });

  it('notices a removed entry', () => {
    const entries = chain(4);
    entries.splice(1, 1);
    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: 2, reason: expect.stringContaining('missing') });
  });
});
