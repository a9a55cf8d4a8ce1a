import type { Model } from 'mongoose';
import { PendingArrayRelay } from './pending-array-relay';

interface Entry {
  id: string;
}

/** Just enough of a mongoose model: one document with a pending array, and guarded pops. */
function fakeModel(pending: Entry[]) {
  const doc = { _id: 'd1', pending: [...pending] };
  const pops: string[] = [];
  const model = {
    findById: () => ({ lean: async () => ({ _id: doc._id, pending: [...doc.pending] }) }),
    find: () => ({ limit: () => ({ lean: async () => (doc.pending.length ? [{ _id: doc._id, pending: [...doc.pending] }] : []) }) }),
    updateOne: async (filter: Record<string, unknown>) => {
      if (doc.pending[0]?.id !== filter['pending.0.id']) return { modifiedCount: 0 };
      pops.push(doc.pending.shift()!.id);
      return { modifiedCount: 1 };
    },
  };
  return { doc, pops, model: model as unknown as Model<any> };
}

class RecordingRelay extends PendingArrayRelay<Entry> {
  readonly delivered: string[][] = [];
  failNext = false;

  constructor() {
    super({ name: 'test', field: 'pending', idPath: 'id', sweepIntervalMs: 1000 });
  }

  protected override async deliver(entries: Entry[]): Promise<void> {
    if (this.failNext) throw new Error('destination down');
    this.delivered.push(entries.map((e) => e.id));
  }
}

describe('PendingArrayRelay', () => {
  it('delivers a document’s entries in order, then pops exactly those', async () => {
    const { doc, pops, model } = fakeModel([{ id: 'a' }, { id: 'b' }]);
    const relay = new RecordingRelay();
    await relay.flush(model, 'd1');
    expect(relay.delivered).toEqual([['a', 'b']]);
    expect(pops).toEqual(['a', 'b']);
    expect(doc.pending).toEqual([]);
  });

  it('keeps entries on the document when delivery fails, for the sweep to retry', async () => {
    const { doc, model } = fakeModel([{ id: 'a' }]);
    const relay = new RecordingRelay();
    relay.track(model);
    relay.failNext = true;
    await expect(relay.flush(model, 'd1')).rejects.toThrow('destination down');
    expect(doc.pending).toEqual([{ id: 'a' }]);

    relay.failNext = false;
    await relay.sweep();
    expect(relay.delivered).toEqual([['a']]);
    expect(doc.pending).toEqual([]);
  });

  it('stops popping when another relay already removed the head, so it never pops an entry it did not deliver', async () => {
    const { doc, pops, model } = fakeModel([{ id: 'a' }, { id: 'b' }]);
    const relay = new RecordingRelay();
    const flushing = relay.flush(model, 'd1');
    doc.pending.shift(); // another replica's sweep delivered and popped 'a' meanwhile
    doc.pending.push({ id: 'c' }); // and a new write appended 'c'
    await flushing;
    expect(pops).toEqual([]);
    expect(doc.pending).toEqual([{ id: 'b' }, { id: 'c' }]);
  });
});
