import { duplicateIndexes } from './insert-new';

describe('duplicateIndexes', () => {
  it('names the positions refused as duplicates, in either server dialect', () => {
    const error = { writeErrors: [{ index: 1, code: 11000 }, { index: 3, errmsg: 'UNIQUE constraint failed: x._id' }] };
    expect([...duplicateIndexes(error)]).toEqual([1, 3]);
  });

  it('reads a lone failure reported as one object rather than a list', () => {
    expect([...duplicateIndexes({ writeErrors: { index: 2, code: 11000 } })]).toEqual([2]);
  });

  it('rethrows a bulk failure that is not only duplicates', () => {
    const error = { writeErrors: [{ index: 0, code: 11000 }, { index: 1, code: 121, errmsg: 'document failed validation' }] };
    let thrown: unknown;
    try {
      duplicateIndexes(error);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(error);
  });

  it('rethrows an error that is not a bulk write error', () => {
    const outage = new Error('connection reset');
    expect(() => duplicateIndexes(outage)).toThrow(outage);
  });
});
