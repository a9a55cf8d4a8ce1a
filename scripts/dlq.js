#!/usr/bin/env node
// npm run dlq -- list                      dead-letter topics and how many messages each holds
// npm run dlq -- show <topic>              every dead letter of <topic> (the source topic, or its .dlq)
// npm run dlq -- replay <topic> [offset]   publish them (or the one at that .dlq offset) again to
//                                          the source topic, with the original key and headers
//
// Connects with the services' settings: KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, KAFKA_SSL,
// KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD. Replaying is safe to repeat:
// consumers skip an event id they handled, and the sender a delivery it sent.
const { Kafka, logLevel } = require('kafkajs');

const DLQ = '.dlq';
const ON = ['1', 'true', 'yes', 'on'];

function connect(env = process.env) {
  const sasl = env.KAFKA_SASL_MECHANISM ? { mechanism: env.KAFKA_SASL_MECHANISM.toLowerCase(), username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD } : undefined;
  return new Kafka({ clientId: 'forewarn-dlq', brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), ssl: ON.includes(String(env.KAFKA_SSL).toLowerCase()), sasl, logLevel: logLevel.NOTHING });
}

/** `<prefix><topic>.dlq` for a source topic or a dead-letter topic, with or without the prefix. */
function deadLetterTopic(topic, prefix = '') {
  const full = topic.startsWith(prefix) ? topic : `${prefix}${topic}`;
  return full.endsWith(DLQ) ? full : `${full}${DLQ}`;
}

async function list(kafka, prefix = '') {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix) && t.endsWith(DLQ)).sort();
    const counts = [];
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      counts.push({ topic, messages: offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0) });
    }
    return counts;
  } finally {
    await admin.disconnect();
  }
}

/** Reads a dead-letter topic from its start to its current end, without a consumer group. */
async function read(kafka, dlqTopic) {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(dlqTopic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const letters = [];
  if (remaining.size === 0) return letters;
  // A throwaway group id: reading leaves no offsets anyone else would see.
  const consumer = kafka.consumer({ groupId: `forewarn-dlq-reader-${process.pid}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: dlqTopic, fromBeginning: true });
    await new Promise((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const end = remaining.get(partition);
            if (end === undefined) return;
            letters.push(letterOf(partition, message));
            if (Number(message.offset) + 1 >= end) remaining.delete(partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return letters.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

function letterOf(partition, message) {
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]));
  const meta = (name) => headers[`dlq-${name}`];
  return {
    partition,
    offset: message.offset,
    source: { topic: meta('original-topic'), partition: Number(meta('original-partition')), offset: meta('original-offset') },
    reason: meta('reason'),
    consumer: meta('consumer'),
    attempts: Number(meta('attempts')),
    failedAt: meta('failed-at'),
    key: message.key?.toString() ?? null,
    value: message.value,
    headers: Object.fromEntries(Object.entries(message.headers ?? {}).filter(([k]) => !k.startsWith('dlq-'))),
  };
}

/** Publishes dead letters to their source topic again (all, or the one at `offset`); returns how many. */
async function replay(kafka, dlqTopic, offset) {
  const letters = (await read(kafka, dlqTopic)).filter((l) => offset === undefined || l.offset === String(offset));
  if (letters.length === 0) return 0;
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const l of letters) {
      if (!l.source.topic) throw new Error(`${dlqTopic}@${l.partition}:${l.offset} does not say its source topic`);
      await producer.send({ topic: l.source.topic, messages: [{ key: l.key, value: l.value, headers: l.headers }] });
    }
  } finally {
    await producer.disconnect();
  }
  return letters.length;
}

async function main([command, topic, offset]) {
  const kafka = connect();
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  if (command === 'list') {
    for (const { topic: t, messages } of await list(kafka, prefix)) console.log(`${t}\t${messages}`);
  } else if (command === 'show' && topic) {
    for (const l of await read(kafka, deadLetterTopic(topic, prefix))) {
      console.log(JSON.stringify({ ...l, value: l.value?.toString().slice(0, 2000) }));
    }
  } else if (command === 'replay' && topic) {
    const n = await replay(kafka, deadLetterTopic(topic, prefix), offset);
    console.log(`replayed ${n} message(s) from ${deadLetterTopic(topic, prefix)}`);
  } else {
    throw new Error('usage: npm run dlq -- list | show <topic> | replay <topic> [offset]');
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e) => {
      console.error(`[dlq] ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}

module.exports = { connect, list, read, replay, deadLetterTopic };
