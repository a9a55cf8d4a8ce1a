import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Counter } from 'prom-client';
import { Clock, InjectMetric, requestContext, SERVICE_CONFIG } from '@forewarn/platform';
import { MailSender, SendFailure } from '../mail/mail-sender';
import { SendRateLimiter } from '../mail/send-rate-limiter';
import { NOTIFICATION_SERVICE, NotificationConfig } from '../notification.config';
import { TemplateRenderer } from '../templates/template-renderer';
import { Delivery, DeliveryDocument } from './delivery.schema';
import { EMAILS } from './delivery.metrics';
import { afterFailedSend } from './domain/delivery-retry';

const MAX_THROTTLE_PAUSE_MS = 60_000;

/**
 * Sends the emails that are due, a few at a time per replica (DELIVERY_CONCURRENCY), within the
 * SES send rate. An email is claimed with a lease (a conditional update), so replicas never send
 * the same one while its lease holds; a replica that dies mid-send leaves the lease to run out
 * and another takes over.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly limiter: SendRateLimiter;
  private readonly claimBatchSize: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private throttlePauseMs = 0;
  private retryTimer?: { at: number; timer: NodeJS.Timeout };

  constructor(
    @InjectModel(Delivery.name) private readonly deliveries: Model<Delivery>,
    private readonly mail: MailSender,
    private readonly templates: TemplateRenderer,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationConfig,
    @InjectMetric(EMAILS) private readonly emails: Counter<string>,
  ) {
    this.limiter = new SendRateLimiter(config.SES_MAX_SEND_RATE);
    // A batch must be sent well within the lease, or another replica would take it over.
    this.claimBatchSize = Math.max(1, Math.min(50, Math.floor((config.SES_MAX_SEND_RATE * config.DELIVERY_LEASE_MS) / 4000)));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.config.DELIVERY_POLL_INTERVAL_MS);
    this.timer.unref();
    this.clock.onAdvance(() => this.sendDue());
    this.wake();
  }

  /** Wakes the sender when a retry this replica scheduled comes due. */
  private wakeAt(due: Date): void {
    const at = due.getTime();
    if (this.retryTimer && this.retryTimer.at <= at) return;
    clearTimeout(this.retryTimer?.timer);
    const timer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, Math.max(0, at - this.clock.now().getTime()));
    timer.unref();
    this.retryTimer = { at, timer };
  }

  /** Sends everything that is due and resolves when no sending round is left running. */
  async sendDue(): Promise<void> {
    this.wake();
    while (this.running) await this.running;
  }

  /** Starts a sending round now (or right after the current one). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e: unknown) => this.logger.error(`sending round failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Finishes the email in hand, so a shutdown never leaves one half sent. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retryTimer?.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      if (this.throttlePauseMs > 0) await new Promise((r) => setTimeout(r, this.throttlePauseMs));
      const claimed = await this.claimBatch();
      if (claimed.length === 0) return;
      const queue = [...claimed];
      const worker = async () => {
        for (let d = queue.shift(); d && !this.stopped; d = queue.shift()) {
          await this.limiter.acquire();
          const context = { correlationId: d.correlationId ?? requestContext.newCorrelationId(), actor: `system:${NOTIFICATION_SERVICE}` };
          await requestContext.run(context, () => this.send(d));
        }
      };
      await Promise.all(Array.from({ length: this.config.DELIVERY_CONCURRENCY }, worker));
      // Stopping mid-batch: hand back what was claimed but not sent, instead of waiting out the lease.
      for (const d of queue) await this.deliveries.updateOne(this.leaseOf(d), { $set: { status: 'pending' }, $inc: { attempts: -1 }, $unset: { lockedUntil: 1 } });
    }
  }

  /**
   * Claims a batch of due emails: one query for candidates, then one conditional update by id
   * each, so a replica that lost the race for an email just skips it. Batching keeps the due
   * query (the expensive part on a large collection) to one per batch instead of one per email.
   */
  private async claimBatch(): Promise<DeliveryDocument[]> {
    const now = this.clock.now();
    const due = {
      $or: [
        { status: 'pending', nextAttemptAt: { $lte: now } },
        { status: 'sending', lockedUntil: { $lte: now } }, // a sender died holding it
      ],
    };
    const candidates = await this.deliveries.find(due, { _id: 1 }).sort({ nextAttemptAt: 1 }).limit(this.claimBatchSize).lean();
    const lockedUntil = new Date(now.getTime() + this.config.DELIVERY_LEASE_MS);
    const claimed: DeliveryDocument[] = [];
    for (const { _id } of candidates) {
      const delivery = await this.deliveries
        .findOneAndUpdate({ _id, ...due }, { $set: { status: 'sending', lockedUntil }, $inc: { attempts: 1 } }, { new: true })
        .exec();
      if (delivery) claimed.push(delivery);
    }
    return claimed;
  }

  private leaseOf(delivery: DeliveryDocument) {
    return { _id: delivery._id, status: 'sending', lockedUntil: delivery.lockedUntil };
  }

  private async send(delivery: DeliveryDocument): Promise<void> {
    const lease = this.leaseOf(delivery);
    let rendered;
    try {
      rendered = this.templates.render(delivery.template, delivery.templateData);
    } catch (e) {
      // A template that cannot render will not render on retry either.
      this.emails.inc({ template: delivery.template, outcome: 'failed' });
      await this.deliveries.updateOne(lease, { $set: { status: 'failed', lastError: `render: ${String(e)}` }, $unset: { lockedUntil: 1 } });
      return;
    }
    try {
      const { messageId } = await this.mail.send({
        to: delivery.email,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        tags: { delivery: delivery.id as string, source: delivery.sourceId },
      });
      this.throttlePauseMs = 0;
      this.emails.inc({ template: delivery.template, outcome: 'sent' });
      await this.deliveries.updateOne(lease, {
        $set: {
          status: 'sent',
          sentAt: this.clock.now(),
          sesMessageId: messageId,
          subject: rendered.subject,
          templateVersion: rendered.templateVersion,
        },
        $unset: { lockedUntil: 1, lastError: 1 },
      });
    } catch (e) {
      const failure = e instanceof SendFailure ? e : new SendFailure('transient', String(e));
      if (failure.kind === 'throttled') {
        this.throttlePauseMs = Math.min(MAX_THROTTLE_PAUSE_MS, Math.max(1000, this.throttlePauseMs * 2));
      }
      const next = afterFailedSend(
        failure.kind,
        delivery.attempts,
        { maxAttempts: this.config.DELIVERY_MAX_ATTEMPTS, initialDelayMs: this.config.DELIVERY_RETRY_DELAY_MS },
        this.clock.now(),
        this.throttlePauseMs,
      );
      this.emails.inc({ template: delivery.template, outcome: failure.kind === 'throttled' ? 'throttled' : next.status === 'failed' ? 'failed' : 'retry' });
      this.logger.warn(`email ${delivery.id} to contact ${delivery.contactId}: ${failure.kind} failure (${failure.message}); now ${next.status}`);
      await this.deliveries.updateOne(lease, {
        $set: {
          status: next.status,
          ...(next.status === 'pending' ? { nextAttemptAt: next.nextAttemptAt } : {}),
          lastError: failure.message,
        },
        $unset: { lockedUntil: 1 },
        ...(next.status === 'pending' && !next.attemptCounted ? { $inc: { attempts: -1 } } : {}),
      });
      if (next.status === 'pending') this.wakeAt(next.nextAttemptAt);
    }
  }
}
