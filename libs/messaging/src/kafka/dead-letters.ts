import type { KafkaMessage } from 'kafkajs';
import { deadLetterTopicOf } from '@forewarn/contracts';
import type { KafkaConnection } from './kafka-connection';

/** Where a message came from, why it is parked, and who gave up on it. */
export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  reason: string;
  consumer: string;
  attempts: number;
  failedAt: Date;
}

/**
 * Parks a message on `<topic>.dlq`: the original key and bytes unchanged, its headers kept, and
 * `dlq-*` headers saying why, where from and when, so it can be read, fixed and replayed.
 */
export async function sendToDeadLetters(kafka: KafkaConnection, d: DeadLetter): Promise<void> {
  const producer = await kafka.producer();
  await producer.send({
    topic: kafka.topic(deadLetterTopicOf(kafka.baseTopic(d.topic))),
    messages: [
      {
        key: d.message.key,
        value: d.message.value,
        headers: {
          ...d.message.headers,
          'dlq-reason': d.reason.slice(0, 2000),
          'dlq-consumer': d.consumer,
          'dlq-original-topic': d.topic,
          'dlq-original-partition': String(d.partition),
          'dlq-original-offset': d.message.offset,
          'dlq-attempts': String(d.attempts),
          'dlq-failed-at': d.failedAt.toISOString(),
        },
      },
    ],
  });
}
