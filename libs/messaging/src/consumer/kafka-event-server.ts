import { Inject, Injectable, Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, EachMessagePayload, KafkaMessage } from 'kafkajs';
import { Counter } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import {
  contractOf,
  ForewarnEvent,
  InvalidEventError,
  parseEnvelope,
  validateEventData,
} from '@forewarn/contracts';
import { Clock } from '@forewarn/platform/clock/clock';
import { requestContext } from '@forewarn/platform/context/request-context';
import { InjectMetric } from '@forewarn/platform/metrics/service-metrics';
import { sendToDeadLetters } from '../kafka/dead-letters';
import { KafkaConnection } from '../kafka/kafka-connection';
import { EVENTS_CONSUMED } from '../messaging.metrics';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';
import { ConsumedEvents } from './consumed-events';
import { handleInKeyOrder } from './key-ordered-batch';
import { isInfrastructureFailure, isRetryable, RetryPolicy, retryDelayMs } from './retry-policy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PRUNE_INTERVAL_MS = 86_400_000;
/**
 * Messages of one partition handled at once (each key's in order). One at a time, a consumer of one
 * event per email (the breach service's delivery tallies) did a few database round trips per event
 * per partition; with many in flight their writes share group commits.
 */
const IN_FLIGHT_PER_PARTITION = 32;
type MessageInHand = Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>;
const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** The `ce_type` header our producers set; a message too broken to parse may not have one. */
const typeHeaderOf = (m: KafkaMessage) => m.headers?.ce_type?.toString() ?? 'unknown';

/**
 * Nest transport that feeds `@EventPattern(<event type>)` handlers from Kafka. Around each
 * handler it does what every consumer must: validate the envelope and payload against the event
 * catalog, skip events already consumed, retry failures with backoff while heartbeating, and move
 * a message that is invalid or keeps failing to `<topic>.dlq` with the reason, then go on.
 */
@Injectable()
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private pruneTimer?: NodeJS.Timeout;
  private readonly log = new Logger(KafkaEventServer.name);

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly clock: Clock,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly consumed: ConsumedEvents,
    @InjectMetric(EVENTS_CONSUMED) private readonly consumedCount: Counter<string>,
  ) {
    super();
  }

  private get consumerName(): string {
    return this.options.serviceName;
  }

  private get retryPolicy(): RetryPolicy {
    const c = this.options.config;
    return { maxAttempts: c.CONSUMER_MAX_ATTEMPTS, initialDelayMs: c.CONSUMER_RETRY_DELAY_MS, maxDelayMs: 30_000 };
  }

  async listen(callback: (...args: unknown[]) => void): Promise<void> {
    const topics = [...new Set([...this.messageHandlers.keys()].map((type) => this.topicOf(type)))];
    if (topics.length > 0) {
      this.consumer = this.kafka.kafka.consumer({
        groupId: `${this.options.config.KAFKA_TOPIC_PREFIX}${this.consumerName}`,
        allowAutoTopicCreation: false,
        sessionTimeout: this.options.config.KAFKA_SESSION_TIMEOUT_MS,
      });
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: topics.map((t) => this.kafka.topic(t)), fromBeginning: true });
      // Partitions in parallel, and within one each key in order: one aggregate's events share a key.
      await this.consumer.run({
        partitionsConsumedConcurrently: this.options.config.KAFKA_TOPIC_PARTITIONS,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.consumeBatch(payload),
      });
      this.pruneTimer = setInterval(() => void this.consumed.forgetOld().catch((e: unknown) => this.log.warn(`forgetting old consumed events failed: ${reasonOf(e)}`)), PRUNE_INTERVAL_MS);
      this.pruneTimer.unref();
    }
    callback();
  }

  private topicOf(type: string): string {
    const contract = contractOf(type);
    if (!contract) throw new Error(`@EventPattern('${type}') names a type that is not in the event catalog`);
    return contract.topic;
  }

  private async consumeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    // kafkajs heartbeats between batches only; a batch of hundreds of events, or one long handler
    // or backoff, would otherwise outlast the session and cost a rebalance.
    const { handledThrough, failure } = await this.withPacemaker(heartbeat, () =>
      handleInKeyOrder(batch.messages, {
        inFlight: IN_FLIGHT_PER_PARTITION,
        handle: (message) => this.consume({ topic, partition, message }),
        mayStart: () => isRunning() && !isStale(),
      }),
    );
    if (handledThrough !== undefined) resolveOffset(handledThrough);
    // kafkajs then commits what was resolved and redelivers from the first message not handled.
    if (failure) throw failure.error;
  }

  private async consume(payload: MessageInHand): Promise<void> {
    const { message } = payload;
    let event: ForewarnEvent;
    try {
      event = parseEnvelope(message.value);
      const handler = this.getHandlerByPattern(event.type);
      if (!handler) return void this.consumedCount.inc({ type: event.type, outcome: 'ignored' }); // another service's concern
      event = { ...event, data: validateEventData(this.contractPayload(event.type), event.data) };
    } catch (e) {
      return this.deadLetter(payload, reasonOf(e), 0);
    }
    if (await this.consumed.has(this.consumerName, event.id)) {
      return void this.consumedCount.inc({ type: event.type, outcome: 'duplicate' });
    }

    const policy = this.retryPolicy;
    for (let attempt = 1; ; attempt++) {
      try {
        await requestContext.run({ correlationId: event.correlationid, actor: event.actor }, () => this.invoke(event));
        await this.markConsumed(event);
        return void this.consumedCount.inc({ type: event.type, outcome: 'processed' });
      } catch (e) {
        if (attempt >= policy.maxAttempts && isInfrastructureFailure(e)) {
          // Not the message's fault: kafkajs redelivers it (the partition waits) until the outage ends.
          throw e;
        }
        if (!isRetryable(e) || attempt >= policy.maxAttempts) return this.deadLetter(payload, reasonOf(e), attempt);
        this.log.warn(`event ${event.id} (${event.type}) failed attempt ${attempt}: ${reasonOf(e)}`);
        await sleep(retryDelayMs(policy, attempt));
      }
    }
  }

  private contractPayload(type: string) {
    return contractOf(type)!.payload;
  }

  private async invoke(event: ForewarnEvent): Promise<void> {
    const handler = this.getHandlerByPattern(event.type)!;
    await lastValueFrom(this.transformToObservable(await handler(event)), { defaultValue: undefined });
  }

  /** Keeps the group membership alive while a batch's handlers and backoffs run. */
  private async withPacemaker<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
    const every = Math.floor(this.options.config.KAFKA_SESSION_TIMEOUT_MS / 5);
    const timer = setInterval(() => heartbeat().catch(() => undefined), every);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  private async markConsumed(event: ForewarnEvent): Promise<void> {
    await this.consumed.record(this.consumerName, event.id, event.type);
  }

  /** Parks the original bytes on the dead-letter topic; the offset then moves past them. */
  private async deadLetter({ topic, partition, message }: MessageInHand, reason: string, attempts: number) {
    this.consumedCount.inc({ type: typeHeaderOf(message), outcome: 'dead_lettered' });
    // A warning: the event is kept on the DLQ with its reason, and the alert is the dead_lettered count.
    this.log.warn(`dead-lettering ${topic}[${partition}]@${message.offset} after ${attempts} attempt(s): ${reason}`);
    await sendToDeadLetters(this.kafka, { topic, partition, message, reason, consumer: this.consumerName, attempts, failedAt: this.clock.now() });
  }

  on(): never {
    throw new Error('KafkaEventServer does not support event listeners');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  /** Stops fetching and waits for the message in hand to finish, so no work is cut in half. */
  async close(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}

