import type { Model } from 'mongoose';
import { DocumentWriteQueue } from './document-write-queue';

const tick = () => new Promise((r) => setTimeout(r, 5));
const collection = (name: string) => ({ collection: { name } }) as unknown as Model<any>;
const breaches = collection('breaches');
const changes = collection('changes');

describe('DocumentWriteQueue', () => {
  it('runs the writes to one document one after the other, and other documents beside them', async () => {
    const writes = new DocumentWriteQueue();
    const log: string[] = [];
    const write = (model: Model<any>, id: string, name: string) =>
      writes.run(model, id, async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
      });
    await Promise.all([write(breaches, 'a', 'a1'), write(breaches, 'a', 'a2'), write(breaches, 'b', 'b1'), write(changes, 'a', 'c1')]);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
    expect(log.indexOf('c1 start')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('goes on after a failed write and hands the failure to its caller', async () => {
    const writes = new DocumentWriteQueue();
    await expect(writes.run(breaches, 'a', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(writes.run(breaches, 'a', async () => 'next')).resolves.toBe('next');
  });

  it('lets a run inside the run that holds the document join it instead of waiting for itself', async () => {
    const writes = new DocumentWriteQueue();
    const log: string[] = [];
    const outer = writes.run(breaches, 'a', async () => {
      log.push('write');
      await writes.run(breaches, 'a', async () => log.push('flush inside'));
      await tick();
      log.push('write end');
    });
    const queued = writes.run(breaches, 'a', async () => log.push('next write'));
    await Promise.all([outer, queued]);
    expect(log).toEqual(['write', 'flush inside', 'write end', 'next write']);
  });

  it('queues work started with later behind the run it was started in', async () => {
    const writes = new DocumentWriteQueue();
    const log: string[] = [];
    let detached: Promise<unknown> | undefined;
    await writes.run(breaches, 'a', async () => {
      detached = writes.later(() => writes.run(breaches, 'a', async () => log.push('flush soon')));
      await tick();
      log.push('write end');
    });
    await detached;
    expect(log).toEqual(['write end', 'flush soon']);
  });

  it('does not let work that outlives a run join it: a timer the run left behind queues like any write', async () => {
    const writes = new DocumentWriteQueue();
    const log: string[] = [];
    let late: Promise<unknown> | undefined;
    await writes.run(breaches, 'a', async () => {
      // The timer's callback inherits the run's context, but fires after the run has ended.
      setTimeout(() => (late = writes.run(breaches, 'a', async () => log.push('late write'))), 1);
    });
    await writes.run(breaches, 'a', async () => {
      log.push('next write');
      await tick();
      log.push('next write end');
    });
    await late;
    expect(log).toEqual(['next write', 'next write end', 'late write']);
  });
});
