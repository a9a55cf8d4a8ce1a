import { GroupedInserts } from './grouped-inserts';

/** A collection with a unique `_id` that reports duplicates as the driver does (ordered: false). */
function fakeCollection() {
  const stored = new Set<string>();
  const calls: string[][] = [];
  const collection = {
    async insertMany(docs: { _id: string }[]) {
      calls.push(docs.map((d) => d._id));
      const writeErrors = docs.flatMap((d, index) => (stored.has(d._id) ? [{ index, code: 11000 }] : (stored.add(d._id), [])));
      if (writeErrors.length > 0) throw Object.assign(new Error('E11000'), { writeErrors });
    },
  };
  return { stored, calls, target: { collection: collection as never } };
}

describe('GroupedInserts', () => {
  it('inserts concurrent documents together and tells each caller whether its own was new', async () => {
    const db = fakeCollection();
    db.stored.add('taken');
    const inserts = new GroupedInserts<{ _id: string }>(db.target);
    const answers = await Promise.all(['a', 'taken', 'b', 'a'].map((_id) => inserts.insert({ _id })));
    expect(answers).toEqual([true, false, true, false]); // the second 'a' finds the first one stored
    expect(db.calls).toEqual([['a'], ['taken', 'b', 'a']]); // the first alone; the rest arrived while it ran
  });

  it('rejects the callers of a batch the database refused for another reason', async () => {
    const failing = { collection: { insertMany: async () => Promise.reject(new Error('disk full')) } };
    await expect(new GroupedInserts<{ _id: string }>(failing as never).insert({ _id: 'x' })).rejects.toThrow('disk full');
  });
});
