import type { Model } from 'mongoose';
import { ReplicaBeat, ReplicaLiveness } from './replica-liveness';

/** The beats collection in memory: updateOne by `_id` with $set and upsert, findById. */
function beatsStore(failing = { now: false }) {
  const docs = new Map<string, ReplicaBeat>();
  const model = {
    updateOne: async ({ _id }: { _id: string }, { $set }: { $set: Partial<ReplicaBeat> }) => {
      if (failing.now) throw new Error('database away');
      docs.set(_id, { ...(docs.get(_id) ?? { _id, beatAtMs: 0 }), ...$set });
    },
    findById: (id: string) => ({ lean: () => ({ exec: async () => docs.get(id) ?? null }) }),
    deleteMany: async ({ beatAtMs }: { beatAtMs: { $lt: number } }) => {
      for (const [id, d] of docs) if (d.beatAtMs < beatAtMs.$lt) docs.delete(id);
    },
  };
  return { docs, model: model as unknown as Model<any>, failing };
}

describe('ReplicaLiveness', () => {
  it('clears beats older than a day when it starts, so the collection stays small', async () => {
    const store = beatsStore();
    store.docs.set('gone-long-ago', { _id: 'gone-long-ago', beatAtMs: 1_000_000 - 25 * 3_600_000, stopped: true });
    store.docs.set('gone-lately', { _id: 'gone-lately', beatAtMs: 1_000_000 - 3_600_000 });
    const a = new ReplicaLiveness(store.model, 'a', 1000, () => 1_000_000);
    a.start();
    await new Promise((r) => setImmediate(r));
    await a.stop();
    expect([...store.docs.keys()].sort()).toEqual(['a', 'gone-lately']);
  });

  let now = 1_000_000;
  const wallNow = () => now;
  const flush = () => new Promise((r) => setImmediate(r));

  it('counts a replica that said it stopped gone at once', async () => {
    const { model } = beatsStore();
    const a = new ReplicaLiveness(model, 'a', 1000, wallNow);
    const b = new ReplicaLiveness(model, 'b', 1000, wallNow);
    a.start();
    b.start();
    await flush();
    expect(await b.mayBeWorking('a')).toBe(true);
    await a.stop(); // a stopped gracefully: gone at once
    now += 600;
    expect(await b.mayBeWorking('a')).toBe(false);
    await b.stop();
  });

  it('counts a replica that stopped beating gone once it has missed five beats and this one beat throughout', async () => {
    const { model } = beatsStore();
    const a = new ReplicaLiveness(model, 'a', 1000, wallNow);
    const b = new ReplicaLiveness(model, 'b', 1000, wallNow);
    await a['beat']();
    await b['beat']();
    now += 4000;
    await b['beat']();
    expect(await b.mayBeWorking('a')).toBe(true); // four beats missed
    now += 2000;
    await b['beat']();
    expect(await b.mayBeWorking('a')).toBe(false); // killed: six missed
  });

  it('does not judge anyone while the database took none of its own beats (an outage), nor a replica that never beat', async () => {
    const store = beatsStore();
    const a = new ReplicaLiveness(store.model, 'a', 1000, wallNow);
    const b = new ReplicaLiveness(store.model, 'b', 1000, wallNow);
    await a['beat']();
    await b['beat']();
    store.failing.now = true;
    now += 60_000; // everyone silent for a minute
    await b['beat']();
    expect(await b.mayBeWorking('a')).toBe(true);
    store.failing.now = false;
    await b['beat']();
    now += 600;
    expect(await b.mayBeWorking('a')).toBe(true); // the database is back, but only just
    now += 5000;
    await b['beat']();
    expect(await b.mayBeWorking('a')).toBe(false); // b's beats went through for 5 s; a's did not
    expect(await b.mayBeWorking('never-beat')).toBe(true);
    expect(await b.mayBeWorking('b')).toBe(true);
  });
});
