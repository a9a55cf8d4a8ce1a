import { BreachWriteQueue } from './breach-write-queue';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('BreachWriteQueue', () => {
  it('runs the writes to one breach one after the other, and other breaches beside them', async () => {
    const queue = new BreachWriteQueue();
    const log: string[] = [];
    const write = (id: string, name: string) =>
      queue.run(id, async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
      });
    await Promise.all([write('a', 'a1'), write('a', 'a2'), write('b', 'b1')]);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('goes on after a failed write and hands the failure to its caller', async () => {
    const queue = new BreachWriteQueue();
    await expect(queue.run('a', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(queue.run('a', async () => 'next')).resolves.toBe('next');
  });
});
