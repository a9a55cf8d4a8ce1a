import type { Model } from 'mongoose';
import type { AuditTrail } from '@forewarn/audit';
import type { OutboxRelay } from '@forewarn/messaging';
import { DocumentWriteQueue } from '@forewarn/platform';
import { AggregateWrites } from './aggregate-writes';

describe('AggregateWrites', () => {
  const changes = { collection: { name: 'change_notices' } } as unknown as Model<any>;
  let queue: DocumentWriteQueue;
  let steps: string[];
  let failing: Set<string>;

  /** A relay whose flush pops in the document's queue, as PendingArrayRelay's does. */
  const relay = (name: string) => ({
    flush: (model: Model<any>, id: unknown) =>
      queue.run(model, id, async () => {
        if (failing.has(name)) throw new Error(`${name} down`);
        steps.push(`${name} ${String(id)}`);
      }),
  });

  const writesWith = () => new AggregateWrites(queue, relay('outbox') as unknown as OutboxRelay, relay('audit') as unknown as AuditTrail);

  beforeEach(() => {
    queue = new DocumentWriteQueue();
    steps = [];
    failing = new Set();
  });

  it('flushes events and audit entries inside the write’s run, before the next write of the document', async () => {
    const writes = writesWith();
    const first = writes.run(changes, 'c1', async () => {
      await new Promise((r) => setTimeout(r, 20));
      steps.push('write c1');
      return 'stored';
    });
    const sweep = queue.run(changes, 'c1', async () => steps.push('sweep c1'));
    const other = writes.run(changes, 'c2', async () => steps.push('write c2'));
    await expect(first).resolves.toBe('stored');
    await Promise.all([sweep, other]);
    expect(steps.filter((s) => s.endsWith('c1'))).toEqual(['write c1', 'outbox c1', 'audit c1', 'sweep c1']);
    // Another document is not held up by the slow write.
    expect(steps.indexOf('write c2')).toBeLessThan(steps.indexOf('write c1'));
  });

  it('answers with the write’s result when a flush fails, leaving the entries to the sweeps', async () => {
    failing.add('outbox');
    await expect(writesWith().run(changes, 'c1', async () => 'stored')).resolves.toBe('stored');
    expect(steps).toEqual(['audit c1']);
  });

  it('flushes nothing when the write fails', async () => {
    await expect(
      writesWith().run(changes, 'c1', async () => {
        throw new Error('duplicate key');
      }),
    ).rejects.toThrow('duplicate key');
    expect(steps).toEqual([]);
  });
});
