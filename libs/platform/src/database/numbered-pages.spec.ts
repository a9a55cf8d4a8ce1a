import type { Model } from 'mongoose';
import { NumberedPages, PageRecord } from './numbered-pages';

/** The two calls the pages make of a collection: a one-document insert and a read by `_id`. */
function fakeCollection() {
  const docs = new Map<string, PageRecord>();
  let reads = 0;
  const collection = {
    insertMany: async ([doc]: PageRecord[]) => {
      if (docs.has(doc._id)) throw Object.assign(new Error('duplicate key'), { code: 11000 });
      docs.set(doc._id, doc);
    },
    findOne: async ({ _id }: { _id: string }) => {
      reads++;
      return docs.get(_id) ?? null;
    },
  };
  return { model: { collection } as unknown as Model<any>, docs, reads: () => reads };
}

const all = async (pages: NumberedPages<string>, stream: string) => {
  const rows: string[] = [];
  for await (const page of pages.read(stream, 3)) rows.push(...page);
  return rows;
};

describe('NumberedPages', () => {
  const now = () => new Date(0);

  it('reads back what was appended, page after page, across read-ahead windows', async () => {
    const { model } = fakeCollection();
    const pages = new NumberedPages<string>(model, now);
    for (let i = 0; i < 7; i++) await pages.append('ev:sent', [`a${i}`, `b${i}`]);
    await pages.append('other', ['x']);
    expect(await all(pages, 'ev:sent')).toEqual([0, 1, 2, 3, 4, 5, 6].flatMap((i) => [`a${i}`, `b${i}`]));
    expect(await all(pages, 'nothing')).toEqual([]);
  });

  it('reads on from a page a reader has reached, one read when nothing is new', async () => {
    const { model, reads } = fakeCollection();
    const pages = new NumberedPages<string>(model, now);
    for (let i = 0; i < 5; i++) await pages.append('log', [`r${i}`]);
    const from = async (n: number) => {
      const rows: string[] = [];
      for await (const page of pages.read('log', 1, n)) rows.push(...page);
      return rows;
    };
    expect(await from(3)).toEqual(['r3', 'r4']);
    const before = reads();
    expect(await from(5)).toEqual([]);
    expect(reads() - before).toBe(1);
  });

  it('lets two writers share a stream without losing a page or leaving a gap', async () => {
    const { model, docs } = fakeCollection();
    const one = new NumberedPages<string>(model, now);
    const two = new NumberedPages<string>(model, now);
    await one.append('s', ['1']);
    await two.append('s', ['2']); // two starts where the stream ends, not at 0
    await one.append('s', ['3']); // one's remembered number is taken: it moves on
    await Promise.all([one.append('s', ['4']), two.append('s', ['5'])]);
    expect([...docs.keys()].sort()).toEqual(['s#0', 's#1', 's#2', 's#3', 's#4']);
    expect((await all(one, 's')).sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('finds the end of a long stream with a few reads', async () => {
    const { model, reads } = fakeCollection();
    const writer = new NumberedPages<string>(model, now);
    for (let i = 0; i < 1000; i++) await writer.append('long', [String(i)]);
    const before = reads();
    expect(await new NumberedPages<string>(model, now).end('long')).toBe(1000);
    expect(reads() - before).toBeLessThan(25);
  });
});
