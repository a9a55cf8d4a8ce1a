import { Inject, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Clock, InjectMetric, insertNew, NumberedPages, readEachById, SERVICE_CONFIG } from '@forewarn/platform';
import { DurableTimers, FiredTimer } from '@forewarn/scheduling';
import type { Counter } from 'prom-client';
import type { Customer, NoticeTopic } from '../customers/customer.schema';
import { CustomersService } from '../customers/customers.service';
import type { DeliverySourceType } from '../deliveries/delivery.schema';
import { NotificationConfig } from '../notification.config';
import { privateTargetExceptionsOf } from './domain/endpoint-address';
import { AttemptResult, outcomeOf, retryDelayAfter } from './domain/webhook-attempts';
import { webhookPayload } from './domain/webhook-payload';
import type { WebhookSent } from './domain/webhook-proof';
import { signWebhook } from './domain/webhook-signature';
import { WEBHOOK_ATTEMPTS } from './webhook.metrics';
import { attemptIdOf, WebhookAttempt, WebhookDelivery, webhookDeliveryIdOf, WebhookFanOutPage } from './webhook-delivery.schema';
import { WebhookEndpoints } from './webhook-endpoints.service';
import { postWebhook } from './webhook-poster';

const ATTEMPT_TIMER = 'webhook-attempt';
const timerIdOf = (deliveryId: string) => `webhook:${deliveryId}`;

/** A notice for customers' endpoints: what it is, whom it is for, and its data. */
export interface WebhookNotice {
  sourceType: DeliverySourceType;
  sourceId: string;
  sourceEventId: string;
  topic: NoticeTopic;
  /** The webhook's `type`, e.g. `subprocessor.change.announced`. */
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
  customerIds: string[] | 'all';
  /** Fields for one customer's copy (whether its approval is asked). */
  extraFor?: (customer: Customer) => Record<string, unknown>;
}

/**
 * Notices by webhook. A notice makes one delivery per endpoint of each customer it is for
 * (inserted under a deterministic id, so a redelivered event makes none twice), listed on the
 * event's fan-out pages for proof of notice. Each attempt is a durable timer, shared by the
 * replicas: made at once, then after each failure worth retrying on the Standard Webhooks schedule
 * (`retryDelayAfter`), for more than 24 hours. Every attempt is recorded, insert-only.
 */
@Injectable()
export class WebhookDeliveries implements OnModuleInit {
  private readonly logger = new Logger(WebhookDeliveries.name);
  private readonly pages: NumberedPages<{ deliveryId: string }>;

  constructor(
    @InjectModel(WebhookDelivery.name) private readonly deliveries: Model<WebhookDelivery>,
    @InjectModel(WebhookAttempt.name) private readonly attempts: Model<WebhookAttempt>,
    @InjectModel(WebhookFanOutPage.name) pages: Model<WebhookFanOutPage>,
    private readonly endpoints: WebhookEndpoints,
    private readonly customers: CustomersService,
    private readonly timers: DurableTimers,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationConfig,
    @InjectMetric(WEBHOOK_ATTEMPTS) private readonly attemptsMade: Counter<string>,
  ) {
    this.pages = new NumberedPages(pages, () => clock.now());
  }

  onModuleInit(): void {
    this.timers.handle(ATTEMPT_TIMER, (timer) => this.attempt(timer));
  }

  /** Queues the notice for every endpoint that should have it; returns how many deliveries are new. */
  async fanOut(notice: WebhookNotice): Promise<number> {
    const wanted = notice.customerIds === 'all' ? undefined : new Set(notice.customerIds);
    const endpoints = (await this.endpoints.receiving(notice.topic)).filter((e) => !wanted || wanted.has(e.customerId));
    if (endpoints.length === 0) return 0;
    const customers = new Map<string, Customer>();
    const ids = [...new Set(endpoints.map((e) => e.customerId))];
    for await (const found of readEachById(ids, (id) => this.customers.get(id).catch((e: unknown) => (e instanceof NotFoundException ? null : Promise.reject(e))))) {
      for (const c of found) if (c.status === 'active') customers.set(String(c._id), c);
    }
    const now = this.clock.now();
    const deliveries: WebhookDelivery[] = endpoints
      .filter((e) => customers.has(e.customerId))
      .map((e) => {
        const customer = customers.get(e.customerId)!;
        const payload = webhookPayload(notice.type, notice.occurredAt, notice.data, e.customerId, notice.extraFor?.(customer));
        return {
          _id: webhookDeliveryIdOf(notice.sourceEventId, e._id),
          sourceType: notice.sourceType,
          sourceId: notice.sourceId,
          sourceEventId: notice.sourceEventId,
          customerId: e.customerId,
          customerName: customer.name,
          endpointId: e._id,
          url: e.url,
          type: notice.type,
          body: JSON.stringify(payload),
          createdAt: now,
        };
      });
    if (deliveries.length === 0) return 0;
    // Listed before stored: a crash between the two repeats a row on the next try (readers keep
    // the first), never leaves a delivery that no proof shows.
    await this.pages.append(notice.sourceEventId, deliveries.map((d) => ({ deliveryId: d._id })));
    const inserted = new Set((await insertNew(this.deliveries, deliveries)).map((d) => d._id));
    await this.timers.scheduleMany(deliveries.filter((d) => inserted.has(d._id)).map((d) => this.attemptTimer(d._id, 1, d.createdAt)));
    // Stored by an earlier try that may have stopped before its first attempt was planned.
    for (const d of deliveries.filter((x) => !inserted.has(x._id))) {
      if (await this.attempts.exists({ _id: attemptIdOf(d._id, 1) })) continue;
      const stored = await this.deliveries.findById(d._id, { createdAt: 1 }).lean<Pick<WebhookDelivery, 'createdAt'>>();
      if (stored) await this.timers.schedule(this.attemptTimer(d._id, 1, stored.createdAt));
    }
    return inserted.size;
  }

  /** Every delivery an event made, with its attempts so far, for its proof of notice. */
  async *sentFor(eventId: string): AsyncGenerator<WebhookSent> {
    const seen = new Set<string>();
    const ids: string[] = [];
    for await (const rows of this.pages.read(eventId)) for (const { deliveryId } of rows) if (!seen.has(deliveryId)) seen.add(deliveryId) && ids.push(deliveryId);
    for await (const found of readEachById(ids, (id) => this.deliveries.findById(id, { body: 0 }).lean<WebhookDelivery>().exec())) {
      for (const d of found) yield { customerId: d.customerId, customerName: d.customerName, endpointId: d.endpointId, url: d.url, attempts: await this.attemptsOf(d._id) };
    }
  }

  private async attemptsOf(deliveryId: string): Promise<WebhookAttempt[]> {
    const found: WebhookAttempt[] = [];
    for (let n = 1; ; n++) {
      const a = await this.attempts.findById(attemptIdOf(deliveryId, n)).lean<WebhookAttempt>();
      if (!a) return found;
      found.push(a);
    }
  }

  /**
   * One attempt. An attempt already recorded is not made again (a timer fired twice, or a replica
   * died after recording it): its follow-up is planned again instead, from when it was made.
   */
  private async attempt(timer: FiredTimer): Promise<void> {
    const { deliveryId, attempt } = timer.payload as { deliveryId: string; attempt: number };
    const recorded = await this.attempts.findById(attemptIdOf(deliveryId, attempt)).lean<WebhookAttempt>();
    if (recorded) {
      if (recorded.outcome === 'retrying') await this.timers.schedule(this.attemptTimer(deliveryId, attempt + 1, new Date(new Date(recorded.at).getTime() + retryDelayAfter(attempt)!)));
      return;
    }
    const delivery = await this.deliveries.findById(deliveryId).lean<WebhookDelivery>();
    if (!delivery) return;
    const endpoint = await this.endpoints.get(delivery.endpointId);
    const at = this.clock.now();
    const started = performance.now();
    let result: AttemptResult;
    let signedWith: string[] | undefined;
    if (!endpoint || endpoint.status !== 'active') {
      result = { kind: 'refused', error: 'not attempted: the endpoint was removed' };
    } else {
      const keys = this.endpoints.signingKeys(endpoint, at);
      signedWith = keys.ids;
      // The wall clock, not the service's: the receiver checks this timestamp against its own clock.
      const headers = signWebhook(keys.secrets, delivery._id, Math.floor(Date.now() / 1000), delivery.body);
      result = await postWebhook(delivery.url, { ...headers }, delivery.body, {
        exceptions: privateTargetExceptionsOf(this.config.WEBHOOK_PRIVATE_TARGETS_ALLOWED),
        timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      });
    }
    const outcome = outcomeOf(result, attempt);
    const nextAttemptAt = outcome === 'retrying' ? new Date(at.getTime() + retryDelayAfter(attempt)!) : undefined;
    const record: WebhookAttempt = {
      _id: attemptIdOf(deliveryId, attempt),
      deliveryId,
      attempt,
      at,
      durationMs: Math.round(performance.now() - started),
      outcome,
      ...(result.kind === 'answered' ? { statusCode: result.statusCode } : { error: result.error }),
      ...(signedWith ? { signedWith } : {}),
      ...(nextAttemptAt ? { nextAttemptAt } : {}),
    };
    await insertNew(this.attempts, [record]);
    this.attemptsMade.inc({ outcome });
    if (nextAttemptAt) await this.timers.schedule(this.attemptTimer(deliveryId, attempt + 1, nextAttemptAt));
    const what = result.kind === 'answered' ? `HTTP ${result.statusCode}` : result.error;
    if (outcome === 'failed') this.logger.warn(`webhook ${deliveryId} to ${delivery.url} failed for good at attempt ${attempt}: ${what}`);
    else if (outcome === 'retrying') this.logger.log(`webhook ${deliveryId} attempt ${attempt}: ${what}; next at ${nextAttemptAt!.toISOString()}`);
  }

  private attemptTimer(deliveryId: string, attempt: number, dueAt: Date) {
    return { id: timerIdOf(deliveryId), kind: ATTEMPT_TIMER, dueAt, payload: { deliveryId, attempt } };
  }
}
