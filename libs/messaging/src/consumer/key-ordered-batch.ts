import type { KafkaMessage } from 'kafkajs';

export interface KeyOrderedOptions {
  /** Messages handled at once. */
  inFlight: number;
  handle: (message: KafkaMessage) => Promise<void>;
  /** Asked before each message is started: false when the consumer stops or the partition is being rebalanced. */
  mayStart: () => boolean;
}

export interface KeyOrderedResult {
  /** The offset of the last message of the unbroken run of handled ones from the batch's start. */
  handledThrough?: string;
  /** The first failure, if one stopped the batch. */
  failure?: { error: unknown };
}

/**
 * Handles one partition's batch with several messages in flight, each key's in offset order: a key
 * is one aggregate (or one email), whose events must apply in order; different keys were never
 * ordered against each other (they may as well have landed on other partitions). After a failure
 * nothing new starts and the messages of the failed key wait; the caller commits only the unbroken
 * run before the first unhandled message, so everything after it is redelivered (and skipped as
 * already consumed where it was handled).
 */
export async function handleInKeyOrder(messages: KafkaMessage[], options: KeyOrderedOptions): Promise<KeyOrderedResult> {
  const lastOfKey = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<unknown>>();
  const started: { offset: string; handled: Promise<boolean> }[] = [];
  let failure: { error: unknown } | undefined;

  for (const message of messages) {
    while (inFlight.size >= options.inFlight && !failure) await Promise.race(inFlight);
    if (failure || !options.mayStart()) break;
    // Keyless messages share one queue: nothing says they may be reordered.
    const key = message.key?.toString('latin1') ?? '';
    const done = (lastOfKey.get(key) ?? Promise.resolve()).then(() => options.handle(message));
    lastOfKey.set(key, done);
    const handled = done.then(
      () => true,
      (error: unknown) => {
        failure ??= { error };
        return false;
      },
    );
    const slot = handled.finally(() => inFlight.delete(slot));
    inFlight.add(slot);
    started.push({ offset: message.offset, handled });
  }

  let handledThrough: string | undefined;
  let unbroken = true;
  for (const { offset, handled } of started) {
    // Every started message is awaited, so none is still running when the batch returns.
    if ((await handled) && unbroken) handledThrough = offset;
    else unbroken = false;
  }
  return { ...(handledThrough !== undefined ? { handledThrough } : {}), ...(failure ? { failure } : {}) };
}
