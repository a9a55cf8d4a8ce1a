import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { KafkaConnection, sendToDeadLetters } from '@forewarn/messaging';
import { Clock, makeGaugeProvider, SERVICE_CONFIG } from '@forewarn/platform';
import type { Gauge } from 'prom-client';
import { NOTIFICATION_SERVICE, NotificationConfig } from '../notification.config';
import { EMAILS_WAITING } from './delivery.metrics';
import { DeliveryRecords } from './delivery-records';
import { decodeEmailJob, EMAIL_JOBS_TOPIC, EmailJob, jobsTopicOf, SendLane, URGENT_EMAIL_JOBS_TOPIC } from './email-job';
import { EmailSender } from './email-sender';
import { UrgentLane } from './urgent-lane';

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** A lane's consumer: its group id (after the topic prefix) and the name on its dead letters. */
const consumerOf = (lane: SendLane) => `${NOTIFICATION_SERVICE}.${lane === 'urgent' ? 'urgent-email-jobs' : 'email-jobs'}`;

/**
 * The two lanes of email jobs, each its own topic and consumer group (a lane's fetches never wait
 * behind the other's): replicas share each topic's partitions. Offsets are committed per chunk,
 * once its emails are sent and recorded. Urgent chunks run inside `UrgentLane.during`, which holds
 * bulk sending here and on the other replicas; bulk chunks then wait in the sender for tokens.
 * The replica's share of the SES quota is its share of both topics' partitions, taken at every
 * group join, so the shares of all replicas add up to the whole quota.
 */
@Injectable()
export class EmailJobConsumers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EmailJobConsumers.name);
  private readonly consumers: Consumer[] = [];
  private readonly inHand = new Set<Promise<void>>();
  private readonly assigned: Record<SendLane, number> = { urgent: 0, bulk: 0 };
  private stopping = false;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly sender: EmailSender,
    private readonly lane: UrgentLane,
    private readonly records: DeliveryRecords,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationConfig,
  ) {
    sender.limiter.holdBulkWhile(() => lane.bulkHeld());
  }

  /** Jobs claimed at once: no more than about two seconds of sending, so claims stay young. */
  private get chunkSize(): number {
    return Math.max(1, Math.min(200, Math.floor(this.config.SES_MAX_SEND_RATE * 2)));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka.ensureTopics([URGENT_EMAIL_JOBS_TOPIC, EMAIL_JOBS_TOPIC]);
    const partitions = { urgent: await this.kafka.partitionCount(URGENT_EMAIL_JOBS_TOPIC), bulk: await this.kafka.partitionCount(EMAIL_JOBS_TOPIC) };
    this.sender.limiter.shareQuota(0); // nothing is sent before the first assignment
    for (const lane of ['urgent', 'bulk'] as const) {
      const topic = this.kafka.topic(jobsTopicOf(lane));
      const consumer = this.kafka.kafka.consumer({
        groupId: `${this.config.KAFKA_TOPIC_PREFIX}${consumerOf(lane)}`,
        allowAutoTopicCreation: false,
        sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS,
        // A job is about 600 bytes: 256 KB is a few hundred per partition fetch, plenty to keep SES
        // busy, without holding megabytes of jobs per partition in memory.
        maxBytesPerPartition: 256 * 1024,
      });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        this.assigned[lane] = payload.memberAssignment[topic]?.length ?? 0;
        this.sender.limiter.shareQuota((this.assigned.urgent + this.assigned.bulk) / (partitions.urgent + partitions.bulk));
      });
      this.consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.config.KAFKA_TOPIC_PARTITIONS,
        eachBatch: (payload) => this.inHandWhile(lane === 'urgent' ? this.lane.during(() => this.sendChunks(payload, lane)) : this.sendChunks(payload, lane)),
      });
    }
  }

  /**
   * Finishes the chunks in hand (their emails sent and recorded) before the consumers leave and
   * the database closes; an email sent but not recorded would be sent again by the next owner.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.sender.stop();
    await Promise.all(this.consumers.map((c) => c.disconnect()));
    this.consumers.length = 0;
    await Promise.allSettled([...this.inHand]);
    await this.records.flushProgress(); // what the last chunks counted
    await this.records.liveness.stop(); // nothing in hand: peers may take over what it claimed
  }

  /**
   * Email jobs queued and not yet finished (sent or failed, and recorded), over every replica:
   * the two lanes' consumer-group lag. Kafka's committed offsets are the durable record of what
   * is done, so a replica killed mid-chunk leaves this true (its chunk is counted until another
   * replica finishes it), where running counts kept in memory would lose what it had not written.
   */
  async waiting(): Promise<number> {
    const admin = await this.kafka.admin();
    let lag = 0;
    for (const lane of ['urgent', 'bulk'] as const) {
      const topic = this.kafka.topic(jobsTopicOf(lane));
      const [ends, [committed]] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId: `${this.config.KAFKA_TOPIC_PREFIX}${consumerOf(lane)}`, topics: [topic] }),
      ]);
      for (const end of ends) {
        const done = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
        // -1: nothing committed yet, so everything from the start of the log is waiting.
        lag += Number(end.high) - (done >= 0 ? done : Number(end.low));
      }
    }
    return lag;
  }

  private inHandWhile(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => this.inHand.delete(tracked));
    this.inHand.add(tracked);
    return tracked;
  }

  private async sendChunks({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload, lane: SendLane): Promise<void> {
    // Keeps the group membership alive through throttling pauses, retry waits and bulk held for urgent mail.
    const pacemaker = setInterval(() => heartbeat().catch(() => undefined), Math.floor(this.config.KAFKA_SESSION_TIMEOUT_MS / 5));
    try {
      for (let i = 0; i < batch.messages.length; i += this.chunkSize) {
        if (this.stopping || !isRunning() || isStale()) return;
        const messages = batch.messages.slice(i, i + this.chunkSize);
        const jobs: EmailJob[] = [];
        for (const message of messages) {
          try {
            jobs.push(decodeEmailJob(message.value));
          } catch (e) {
            await this.deadLetter(lane, batch.topic, batch.partition, message, reasonOf(e));
          }
        }
        await this.sender.sendJobs(jobs);
        resolveOffset(messages[messages.length - 1].offset);
        await commitOffsetsIfNecessary();
      }
    } finally {
      clearInterval(pacemaker);
    }
  }

  /** Parks a job that is not one on `<topic>.dlq` with the reason; the partition moves on. */
  private async deadLetter(lane: SendLane, topic: string, partition: number, message: KafkaMessage, reason: string): Promise<void> {
    this.logger.warn(`dead-lettering ${topic}[${partition}]@${message.offset}: ${reason}`); // kept on the DLQ with its reason
    await sendToDeadLetters(this.kafka, { topic, partition, message, reason, consumer: consumerOf(lane), attempts: 0, failedAt: this.clock.now() });
  }
}

/** `forewarn_emails_waiting`, read from the job topics (beside the consumers: the metrics file is imported by the sender). */
export const emailsWaitingGauge = makeGaugeProvider({
  name: EMAILS_WAITING,
  help: 'Email jobs queued and not yet sent or failed, over every replica (the job topics\' consumer-group lag): a number that stays up means sending is stuck',
  inject: [EmailJobConsumers],
  async collect(this: Gauge, consumers: EmailJobConsumers) {
    this.set(await consumers.waiting());
  },
});
