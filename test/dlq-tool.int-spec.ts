import type { EachMessagePayload, Kafka } from 'kafkajs';
import { TestStack } from './support/test-stack';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dlq = require('../scripts/dlq.js');

describe('npm run dlq (real Kafka): list, show and replay dead letters', () => {
  const stack = new TestStack();
  const source = stack.topic('dlq-tool.events.v1');
  const deadLetters = `${source}.dlq`;
  const kafka: Kafka = dlq.connect({ KAFKA_BROKERS: stack.kafkaBrokers });

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: source, numPartitions: 1 }, { topic: deadLetters, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    // As sendToDeadLetters parks a message: the original key, value and headers, and why.
    await producer.send({
      topic: deadLetters,
      messages: ['ev-1', 'ev-2'].map((id) => ({
        key: `key-${id}`,
        value: JSON.stringify({ id, type: 'example' }),
        headers: { 'ce-id': id, 'dlq-reason': 'database unavailable', 'dlq-consumer': 'example-service', 'dlq-original-topic': source, 'dlq-original-partition': '0', 'dlq-original-offset': '7', 'dlq-attempts': '5', 'dlq-failed-at': '2026-12-02T07:00:00.000Z' },
      })),
    });
    await producer.disconnect();
  });

  afterAll(() => stack.stop());

  const sourceMessages = async (count: number) => {
    const consumer = kafka.consumer({ groupId: `t-${stack.runId}-dlq-check-${count}` });
    const seen: { key: string; value: string; headers: Record<string, string> }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: source, fromBeginning: true });
    await new Promise<void>((resolve) =>
      consumer.run({
        eachMessage: async ({ message }: EachMessagePayload) => {
          seen.push({ key: message.key!.toString(), value: message.value!.toString(), headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])) });
          if (seen.length === count) resolve();
        },
      }),
    );
    await consumer.disconnect();
    return seen;
  };

  it('lists the dead-letter topics with their depth, and shows each letter with its reason and source', async () => {
    expect(await dlq.list(kafka, `t.${stack.runId}.`)).toEqual([{ topic: deadLetters, messages: 2 }]);
    const letters = await dlq.read(kafka, dlq.deadLetterTopic('dlq-tool.events.v1', `t.${stack.runId}.`));
    expect(letters.map((l: { key: string; reason: string; source: { topic: string; offset: string }; attempts: number }) => [l.key, l.reason, l.source.topic, l.source.offset, l.attempts])).toEqual([
      ['key-ev-1', 'database unavailable', source, '7', 5],
      ['key-ev-2', 'database unavailable', source, '7', 5],
    ]);
  });

  it('replays one letter, or all, to the source topic with the original key and headers and without the dead-letter ones', async () => {
    expect(await dlq.replay(kafka, deadLetters, '1')).toBe(1);
    expect(await dlq.replay(kafka, deadLetters)).toBe(2);
    const replayed = await sourceMessages(3);
    expect(replayed.map((m) => m.key)).toEqual(['key-ev-2', 'key-ev-1', 'key-ev-2']);
    expect(replayed[0].headers).toEqual({ 'ce-id': 'ev-2' });
    expect(JSON.parse(replayed[0].value)).toEqual({ id: 'ev-2', type: 'example' });
  });
});
