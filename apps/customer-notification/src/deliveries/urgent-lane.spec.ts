import type { Model } from 'mongoose';
import type { SendLaneMark } from './delivery-records.schema';
import { UrgentLane } from './urgent-lane';

/** The one-document collection both replicas share, as `UrgentLane` uses it. */
function sharedMarks() {
  const docs = new Map<string, SendLaneMark>();
  return {
    updateOne: async (filter: { _id: string }, update: { $max: { busyUntilMs: number } }) => {
      const doc = docs.get(filter._id);
      docs.set(filter._id, { _id: filter._id, busyUntilMs: Math.max(doc?.busyUntilMs ?? 0, update.$max.busyUntilMs) });
    },
    collection: { findOne: async (filter: { _id: string }) => docs.get(filter._id) ?? null },
  } as unknown as Model<SendLaneMark>;
}

async function until(what: string, done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('UrgentLane', () => {
  it('holds bulk mail here at once, on another replica once it reads the mark, and lets it go after the work', async () => {
    const marks = sharedMarks();
    const here = new UrgentLane(marks);
    const there = new UrgentLane(marks);
    for (const lane of [here, there]) lane.onApplicationBootstrap();
    try {
      let finish!: () => void;
      const work = here.during(() => new Promise<string>((r) => (finish = () => r('sent'))));
      expect(here.bulkHeld()).toBe(true);
      await until('the other replica to hold its bulk mail', () => there.bulkHeld());
      finish();
      await expect(work).resolves.toBe('sent');
      // The mark runs out by itself (no renewal after the work), then both replicas send bulk again.
      await until('the mark to run out', () => !there.bulkHeld() && !here.bulkHeld());
    } finally {
      for (const lane of [here, there]) lane.onModuleDestroy();
    }
  });
});
