import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka, KafkaConfig, logLevel, Producer, SASLOptions } from 'kafkajs';
import { deadLetterTopicOf } from '@forewarn/contracts';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';
import { KAFKA_LOG_LEVELS, kafkaLogLevelOf } from './kafka-log';

/**
 * The one Kafka client of a service: a shared idempotent producer, an admin client, and topic
 * names with the configured prefix applied.
 */
@Injectable()
export class KafkaConnection implements OnApplicationShutdown {
  readonly kafka: Kafka;
  private readonly logger = new Logger('Kafka');
  private producerReady?: Promise<Producer>;
  private adminReady?: Promise<Admin>;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    const { config } = options;
    const sasl: SASLOptions | undefined = config.KAFKA_SASL_MECHANISM
      ? ({
          mechanism: config.KAFKA_SASL_MECHANISM.toLowerCase(),
          username: config.KAFKA_SASL_USERNAME,
          password: config.KAFKA_SASL_PASSWORD,
        } as SASLOptions)
      : undefined;
    const kafkaConfig: KafkaConfig = {
      clientId: options.serviceName,
      brokers: config.KAFKA_BROKERS.split(','),
      ssl: config.KAFKA_SSL,
      sasl,
      logLevel: KAFKA_LOG_LEVELS[config.LOG_LEVEL] ?? logLevel.WARN,
      logCreator: () => (entry) => {
        const { message, ...extra } = entry.log;
        this.logger[kafkaLogLevelOf(entry.level, message, extra.error)](`${entry.namespace}: ${message} ${JSON.stringify(extra)}`);
      },
    };
    this.kafka = new Kafka(kafkaConfig);
  }

  /** The topic's name in this deployment (tests give each run its own prefix). */
  topic(name: string): string {
    return `${this.options.config.KAFKA_TOPIC_PREFIX}${name}`;
  }

  /** The spec name of a (possibly prefixed) topic. */
  baseTopic(topic: string): string {
    const prefix = this.options.config.KAFKA_TOPIC_PREFIX;
    return prefix && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
  }

  producer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    })().catch((e) => {
      this.producerReady = undefined;
      throw e;
    });
    return this.producerReady;
  }

  admin(): Promise<Admin> {
    this.adminReady ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((e) => {
      this.adminReady = undefined;
      throw e;
    });
    return this.adminReady;
  }

  /**
   * Creates the service's topics and their dead-letter twins if they are missing. Topics are
   * never left to broker auto-creation, which would give them the broker's default partitions.
   */
  async ensureTopics(names: readonly string[]): Promise<void> {
    const admin = await this.admin();
    const wanted = [...new Set(names.flatMap((n) => [n, deadLetterTopicOf(n)]))].map((n) => this.topic(n));
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      // kafkajs's own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which a fresh KRaft broker
      // answers for a moment after creating a topic; our wait below tolerates it.
      const created = await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.options.config.KAFKA_TOPIC_PARTITIONS,
          replicationFactor: this.options.config.KAFKA_REPLICATION_FACTOR,
        })),
      });
      if (created) this.logger.log(`created topics ${missing.join(', ')}`);
    }
    await this.untilLeadersElected(admin, wanted);
  }

  /** How many partitions a topic (named without the prefix) has. */
  async partitionCount(name: string): Promise<number> {
    const { topics } = await (await this.admin()).fetchTopicMetadata({ topics: [this.topic(name)] });
    return topics[0]?.partitions.length ?? 0;
  }

  /** Waits until every partition has a leader; until then the first subscribe or send would fail. */
  private async untilLeadersElected(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
      if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} have no leaders after ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producerReady?.catch(() => undefined);
    const admin = await this.adminReady?.catch(() => undefined);
    await Promise.allSettled([producer?.disconnect(), admin?.disconnect()]);
  }
}
