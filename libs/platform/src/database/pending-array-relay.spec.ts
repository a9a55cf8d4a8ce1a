import type { Model } from 'mongoose';
import { DocumentWriteQueue } from './document-write-queue';
import { PendingArrayRelay } from './pending-array-relay';

interface Entry {
  id: string;
}

/** Just enough of a mongoose model: one document with a pending array, and guarded pops. */
function fakeModel(pending: Entry[]) {
  const doc = { _id: 'd1', pending: [...pending] };
  const pops: string[] = [];
  const model = {
    collection: { name: 'docs' },
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
  duringDelivery?: () => void;

  constructor(readonly queue = new DocumentWriteQueue()) {
    super({ name: 'test', field: 'pending', idPath: 'id', sweepIntervalMs: 1000 }, queue);
  }

  protected override async deliver(entries: Entry[]): Promise<void> {
    if (this.failNext) throw new Error('destination down');
    this.duringDelivery?.();
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

  it('sweeps a collection tracked as start-only in the sweep at start, never in the periodic one', async () => {
    const { doc, model } = fakeModel([{ id: 'a' }]);
    const relay = new RecordingRelay();
    relay.track(model, { periodic: false });
    await relay.sweep();
    expect(doc.pending).toEqual([{ id: 'a' }]); // the periodic sweep left it alone
    await relay.sweep(true);
    expect(relay.delivered).toEqual([['a']]);
    expect(doc.pending).toEqual([]);
  });

  it('stops popping when another relay already removed the head, so it never pops an entry it did not deliver', async () => {
    const { doc, pops, model } = fakeModel([{ id: 'a' }, { id: 'b' }]);
    const relay = new RecordingRelay();
    relay.duringDelivery = () => {
      doc.pending.shift(); // another replica's sweep delivered and popped 'a' meanwhile
      doc.pending.push({ id: 'c' }); // and a new write appended 'c'
    };
    await relay.flush(model, 'd1');
    expect(pops).toEqual([]);
    expect(doc.pending).toEqual([{ id: 'b' }, { id: 'c' }]);
  });

  it('pops in the document’s write queue: a flush or sweep waits for a write to the document in progress', async () => {
    const { doc, pops, model } = fakeModel([{ id: 'a' }]);
    const relay = new RecordingRelay();
    relay.track(model);
    let flushing: Promise<void> | undefined;
    let sweeping: Promise<void> | undefined;
    await relay.queue.run(model, 'd1', async () => {
      flushing = relay.queue.later(() => relay.flush(model, 'd1'));
      sweeping = relay.queue.later(() => relay.sweep());
      await new Promise((r) => setTimeout(r, 5));
      expect(pops).toEqual([]);
      doc.pending.push({ id: 'b' }); // the write in progress stages another entry
    });
    await Promise.all([flushing, sweeping]);
    expect(pops).toEqual(['a', 'b']);
    expect(relay.delivered).toEqual([['a', 'b']]);
  });

  it('flushes at once when awaited inside the write that holds the document', async () => {
    const { pops, model } = fakeModel([{ id: 'a' }]);
    const relay = new RecordingRelay();
    await relay.queue.run(model, 'd1', () => relay.flush(model, 'd1'));
    expect(pops).toEqual(['a']);
  });

  it('sweeps at the next interval after a failed flush, and otherwise only every 30 intervals', async () => {
    jest.useFakeTimers();
    const relay = new RecordingRelay();
    try {
      const { model } = fakeModel([{ id: 'a' }]);
      let sweeps = 0;
      const find = model.find.bind(model);
      model.find = ((...args: Parameters<typeof find>) => (sweeps++, find(...args))) as typeof model.find;
      relay.track(model);
      relay.failNext = true;
      relay.onApplicationBootstrap(); // the sweep at start: delivery fails, the entry stays
      await jest.advanceTimersByTimeAsync(0);
      expect(sweeps).toBe(1);
      await jest.advanceTimersByTimeAsync(1000);
      expect(sweeps).toBe(2); // it knew of the leftover: swept at the next interval (and failed again)
      relay.failNext = false;
      await jest.advanceTimersByTimeAsync(1000);
      expect(sweeps).toBe(3);
      expect(relay.delivered).toEqual([['a']]);
      await jest.advanceTimersByTimeAsync(27_000);
      expect(sweeps).toBe(3); // nothing known to be left: no sweep
      await jest.advanceTimersByTimeAsync(1000);
      expect(sweeps).toBe(4); // the 30th interval sweeps for what another replica left
    } finally {
      await relay.onModuleDestroy();
      jest.useRealTimers();
    }
  });

  it('keeps a failure known while a sweep is running, and sweeps for it at the next interval after', async () => {
    jest.useFakeTimers();
    const relay = new RecordingRelay();
    try {
      const { model } = fakeModel([]);
      let sweeps = 0;
      let release!: () => void;
      const find = model.find.bind(model);
      model.find = ((...args: Parameters<typeof find>) => {
        sweeps++;
        const found = find(...args);
        if (sweeps > 1) return found;
        const slow = new Promise<void>((r) => (release = r)); // the sweep at start takes a while
        return { limit: (n: number) => ({ lean: async () => (await slow, found.limit(n).lean()) }) };
      }) as typeof model.find;
      relay.track(model);
      relay.onApplicationBootstrap();
      relay.failNext = true;
      const other = fakeModel([{ id: 'x' }]);
      await expect(relay.flush(other.model, 'd1')).rejects.toThrow('destination down'); // while the sweep runs
      await jest.advanceTimersByTimeAsync(1000); // that sweep still runs: no new one
      release();
      await jest.advanceTimersByTimeAsync(0);
      expect(sweeps).toBe(1);
      await jest.advanceTimersByTimeAsync(1000);
      expect(sweeps).toBe(2); // the failure was not forgotten
    } finally {
      await relay.onModuleDestroy();
      jest.useRealTimers();
    }
  });
});
