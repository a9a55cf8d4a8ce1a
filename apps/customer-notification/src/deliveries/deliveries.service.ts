import { Injectable } from '@nestjs/common';
import type { ProgressTally, SourceProgress } from '@forewarn/contracts';
import { KafkaConnection } from '@forewarn/messaging';
import { Clock, requestContext } from '@forewarn/platform';
import type { Recipient } from '../customers/customers.service';
import { DeliveryRecords, ReportFilter } from './delivery-records';
import { Delivery, DeliverySourceType, subscribersSourceIdOf } from './delivery.schema';
import { deliveryIdOf } from './domain/delivery-key';
import { DeliveryStatus, EmailFacts, statusOf } from './domain/delivery-status';
import { encodeEmailJob, jobsTopicOf, laneOf } from './email-job';

/** Recipients are read, stored and handed to Kafka this many at a time. */
const FAN_OUT_CHUNK = 500;

export interface NoticeToSend {
  sourceType: DeliverySourceType;
  sourceId: string;
  sourceEventId: string;
  template: string;
  /** Where the shared data is stored, when it must differ from `sourceEventId` (see Delivery.noticeId). */
  noticeId?: string;
  /** Event data; each email adds its customer, contact and link. */
  data: Record<string, unknown>;
  /** The signed link to the notice page for one recipient (change notices). */
  linkFor?: (recipient: Recipient) => string;
  /** The signed link that ends this recipient's subscription (public subscribers only). */
  unsubscribeFor?: (recipient: Recipient) => string;
  /** Whether the email asks this recipient's customer for its specific authorisation of the change. */
  asksAuthorisation?: (recipient: Recipient) => boolean;
}

export interface DeliveryFilter extends ReportFilter {
  status?: DeliveryStatus;
}

/** A page of a report: how many matching emails to pass over, and how many to give. */
export interface Page {
  offset: number;
  limit: number;
}

/** An email as a user sees it: the delivery and what became of it, put together when read. */
export interface DeliveryRecord extends Delivery {
  status: DeliveryStatus;
  facts: EmailFacts;
}

@Injectable()
export class DeliveriesService {
  constructor(
    private readonly records: DeliveryRecords,
    private readonly kafka: KafkaConnection,
    private readonly clock: Clock,
  ) {}

  /**
   * One email per recipient: deliveries inserted under `${event}:${contact}` (those already
   * stored are skipped, so a redelivered event or a restarted fan-out queues nothing twice), and
   * one job per email on its lane's work topic. Jobs are published for every recipient, new or not: a
   * fan-out that stopped between the insert and the publish is completed when the event comes
   * again, and the sender's claims make the extra jobs harmless. With `onlyNew` (the reconcile
   * pass, which offers every contact again) jobs go out for the new deliveries only. Returns how
   * many were new.
   */
  async fanOut(notice: NoticeToSend, recipients: AsyncIterable<Recipient>, { onlyNew = false } = {}): Promise<number> {
    const now = this.clock.now();
    const correlationId = requestContext.current()?.correlationId;
    await this.records.insertNotice({ _id: notice.noticeId ?? notice.sourceEventId, sourceType: notice.sourceType, sourceId: notice.sourceId, template: notice.template, data: notice.data, createdAt: now });
    const producer = await this.kafka.producer();
    let queued = 0;
    let chunk: Delivery[] = [];
    let publishing: Promise<unknown> = Promise.resolve();
    // The jobs of one chunk go to Kafka while the next chunk is read and stored.
    const flush = async () => {
      if (chunk.length === 0) return;
      const deliveries = chunk;
      chunk = [];
      const inserted = await this.records.insertDeliveries(deliveries);
      this.records.count(notice.sourceId, 'total', inserted.length);
      queued += inserted.length;
      const jobs = onlyNew ? inserted : deliveries;
      await publishing;
      if (jobs.length === 0) return;
      publishing = producer.send({
        topic: this.kafka.topic(jobsTopicOf(laneOf(notice.sourceType))),
        messages: jobs.map(({ createdAt: _, ...job }) => ({ key: job._id, value: encodeEmailJob(job) })),
      });
      publishing.catch(() => undefined); // awaited (and thrown) at the next chunk or the end
    };
    for await (const r of recipients) {
      chunk.push({
        _id: deliveryIdOf(notice.sourceEventId, r.contactId),
        sourceType: notice.sourceType,
        sourceId: notice.sourceId,
        sourceEventId: notice.sourceEventId,
        customerId: r.customerId,
        customerName: r.customerName,
        contactId: r.contactId,
        contactName: r.contactName,
        email: r.email,
        template: notice.template,
        ...(notice.noticeId ? { noticeId: notice.noticeId } : {}),
        ...(notice.linkFor ? { noticeUrl: notice.linkFor(r) } : {}),
        ...(notice.unsubscribeFor ? { unsubscribeUrl: notice.unsubscribeFor(r) } : {}),
        ...(notice.asksAuthorisation?.(r) ? { asksAuthorisation: true } : {}),
        ...(correlationId ? { correlationId } : {}),
        createdAt: now,
      });
      if (chunk.length >= FAN_OUT_CHUNK) await flush();
    }
    await flush();
    await publishing;
    await this.records.flushProgress();
    return queued;
  }

  /**
   * Report: every email matching the filter with its status, streamed in the order they were
   * queued, in memory bounded by the outcomes map. Two streamed scans; never on a hot path.
   */
  async *emails(filter: DeliveryFilter): AsyncGenerator<DeliveryRecord> {
    const { status, ...which } = filter;
    const facts = await this.records.factsByDelivery(which);
    for await (const d of this.records.deliveriesMatching(which)) {
      const known = facts.factsOf(d._id);
      const record = { ...d, facts: known, status: statusOf(known) };
      if (!status || record.status === status) yield record;
    }
  }

  /** One page of the emails matching the filter; the status filter applies before the page is cut. */
  async list(filter: DeliveryFilter, page: Page): Promise<DeliveryRecord[]> {
    const found: DeliveryRecord[] = [];
    let skipped = 0;
    for await (const record of this.emails(filter)) {
      if (skipped < page.offset) skipped++;
      else if (found.push(record) >= page.limit) break;
    }
    return found;
  }

  async progress(sourceId: string): Promise<SourceProgress> {
    const tally = async (id: string): Promise<ProgressTally> => {
      const t = await this.records.progressOf(id);
      return { ...t, pending: Math.max(0, t.total - t.sent - t.failed) };
    };
    const [recipients, subscribers] = await Promise.all([tally(sourceId), tally(subscribersSourceIdOf(sourceId))]);
    return { sourceId, ...recipients, subscribers };
  }
}
