import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('batches what arrives while a write runs, and resolves each add once its item is stored', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const commit = new GroupCommit<number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await first;
    });
    const a = commit.add(1);
    const rest = [commit.add(2), commit.add(3), commit.add(4)];
    release();
    await Promise.all([a, ...rest]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects the adds of a failed write, and goes on with the next ones', async () => {
    let fail = true;
    const commit = new GroupCommit<number>(async () => {
      if (fail) {
        fail = false;
        throw new Error('down');
      }
    });
    await expect(commit.add(1)).rejects.toThrow('down');
    await expect(commit.add(2)).resolves.toBeUndefined();
  });

  it('with a linger, gathers items that arrive one by one into one write', async () => {
    const writes: number[][] = [];
    const commit = new GroupCommit<number>(async (items) => void writes.push(items), 500, 50);
    const adds = [commit.add(1)];
    await new Promise((r) => setTimeout(r, 10));
    adds.push(commit.add(2));
    await Promise.all(adds);
    expect(writes).toEqual([[1, 2]]);
  });
});
