import { GarbageCeiling, fullCollection } from './garbage-ceiling';

describe('GarbageCeiling', () => {
  it('collects only once the heap has grown the allowance past what the last collection left', () => {
    let heap = 100;
    let collections = 0;
    const ceiling = new GarbageCeiling(10, () => heap, () => {
      collections++;
      heap = 104; // what is live survives the collection
    });
    const collectionsAt = (used: number) => {
      heap = used;
      ceiling.check();
      return collections;
    };
    expect(collectionsAt(109)).toBe(0);
    expect(collectionsAt(110)).toBe(1);
    // The floor is now 104: 113 is within the allowance, 114 is not.
    expect(collectionsAt(113)).toBe(1);
    expect(collectionsAt(114)).toBe(2);
  });

  // Jest may run this after another file made V8 expose gc to new contexts: this holds either way.
  it('reaches V8 full collection without --expose-gc on the command line', () => {
    const held = { rows: Array.from({ length: 200 }, () => Array.from({ length: 10_000 }, (_, i) => i)) };
    const before = process.memoryUsage().heapUsed;
    held.rows = [];
    fullCollection();
    expect(process.memoryUsage().heapUsed).toBeLessThan(before - 10 * 1024 * 1024);
  });
});
