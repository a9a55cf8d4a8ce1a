import type { KafkaMessage } from 'kafkajs';
import { handleInKeyOrder } from './key-ordered-batch';

const message = (offset: number, key: string | null): KafkaMessage =>
  ({ offset: String(offset), key: key === null ? null : Buffer.from(key), value: Buffer.from(''), headers: {} }) as unknown as KafkaMessage;

/** A handler whose calls finish when the test says so. */
function gatedHandler() {
  const started: string[] = [];
  const gates = new Map<string, { finish: () => void; fail: (e: Error) => void }>();
  const handle = (m: KafkaMessage) =>
    new Promise<void>((resolve, reject) => {
      started.push(m.offset);
      gates.set(m.offset, { finish: resolve, fail: reject });
    });
  const tick = () => new Promise((r) => setImmediate(r));
  return { started, gates, handle, tick };
}

describe('handleInKeyOrder', () => {
  it('runs different keys at once and one key in offset order', async () => {
    const h = gatedHandler();
    const batch = [message(0, 'a'), message(1, 'b'), message(2, 'a'), message(3, 'c')];
    const result = handleInKeyOrder(batch, { inFlight: 10, handle: h.handle, mayStart: () => true });
    await h.tick();
    expect(h.started).toEqual(['0', '1', '3']); // the second 'a' waits for the first
    h.gates.get('0')!.finish();
    await h.tick();
    expect(h.started).toEqual(['0', '1', '3', '2']);
    for (const o of ['1', '2', '3']) h.gates.get(o)!.finish();
    await expect(result).resolves.toEqual({ handledThrough: '3' });
  });

  it('keeps at most inFlight messages started', async () => {
    const h = gatedHandler();
    const result = handleInKeyOrder([0, 1, 2, 3].map((o) => message(o, `k${o}`)), { inFlight: 2, handle: h.handle, mayStart: () => true });
    await h.tick();
    expect(h.started).toEqual(['0', '1']);
    h.gates.get('1')!.finish();
    await h.tick();
    expect(h.started).toEqual(['0', '1', '2']);
    for (const o of ['0', '2']) h.gates.get(o)!.finish();
    await h.tick();
    h.gates.get('3')!.finish();
    await expect(result).resolves.toEqual({ handledThrough: '3' });
  });

  it('after a failure starts nothing new, holds the failed key, and answers the unbroken run before it', async () => {
    const h = gatedHandler();
    const boom = new Error('database down');
    const batch = [message(0, 'a'), message(1, 'b'), message(2, 'b'), message(3, 'c'), message(4, 'd')];
    const result = handleInKeyOrder(batch, { inFlight: 4, handle: h.handle, mayStart: () => true }); // 2 holds a slot while it waits
    await h.tick();
    expect(h.started).toEqual(['0', '1', '3']);
    h.gates.get('1')!.fail(boom);
    h.gates.get('3')!.finish();
    await h.tick();
    h.gates.get('0')!.finish();
    const { handledThrough, failure } = await result;
    expect(h.started).toEqual(['0', '1', '3']); // 2 (same key as the failure) and 4 never ran
    expect(handledThrough).toBe('0'); // 3 was handled, but after the first unhandled message
    expect(failure).toEqual({ error: boom });
  });

  it('stops starting messages when told to, and keeps keyless messages in order', async () => {
    const h = gatedHandler();
    let may = true;
    const result = handleInKeyOrder([message(0, null), message(1, null), message(2, 'x')], { inFlight: 5, handle: h.handle, mayStart: () => may });
    await h.tick();
    expect(h.started).toEqual(['0', '2']);
    may = false;
    h.gates.get('0')!.finish();
    h.gates.get('2')!.finish();
    await h.tick();
    expect(h.started).toEqual(['0', '2', '1']); // already started (queued behind 0) before the stop
    h.gates.get('1')!.finish();
    await expect(result).resolves.toEqual({ handledThrough: '2' });
  });
});
