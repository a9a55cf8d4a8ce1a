import { READS_AT_ONCE, readEachById } from './reads-by-id';

describe('readEachById', () => {
  it('yields what each id finds in the ids’ order, leaves out what is missing, and keeps a group of reads in flight at most', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `id-${String(i).padStart(2, '0')}`);
    let inFlight = 0;
    let mostInFlight = 0;
    const read = async (id: string) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      // Later ids answer sooner, so the order cannot come from the timing.
      await new Promise((resolve) => setTimeout(resolve, 20 - Number(id.slice(3))));
      inFlight--;
      return id.endsWith('3') ? null : { id };
    };
    const groups: { id: string }[][] = [];
    for await (const group of readEachById(ids, read)) groups.push(group);
    expect(groups.map((g) => g.length)).toEqual([7, 7, 4]);
    expect(groups.flat().map((x) => x.id)).toEqual(ids.filter((id) => !id.endsWith('3')));
    expect(mostInFlight).toBe(READS_AT_ONCE);
  });
});
