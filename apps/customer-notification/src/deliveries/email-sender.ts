import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Clock, InjectMetric, Lease, NumberedLeases, requestContext, SERVICE_CONFIG } from '@forewarn/platform';
import { deliveryTagOf, MailSender, SendFailure } from '../mail/mail-sender';
import { SendRateLimiter } from '../mail/send-rate-limiter';
import { PersonalRenderer } from './personal-renderer';
import { Slots } from './slots';
import { NOTIFICATION_SERVICE, NotificationConfig } from '../notification.config';
import { RenderedEmail } from '../templates/email-template';
import { TemplateRenderer } from '../templates/template-renderer';
import { DeliveryEvents } from './delivery-events';
import { DeliveryRecords } from './delivery-records';
import { OutgoingNotice } from './delivery.schema';
import { EMAILS } from './delivery.metrics';
import { afterFailedSend, RetryPolicy } from './domain/send-retry';
import { EmailJob, laneOf, RESPONDERS } from './email-job';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** Notices kept in memory: a fan-out renders thousands of emails from the same one. */
const NOTICE_CACHE_SIZE = 200;
/** How often a contested claim's owner is looked at again while its claim holds. */
const OWNER_RECHECK_MS = 1000;

/**
 * Sends the emails of the jobs `EmailJobConsumers` hands it. Per chunk of jobs: one insertMany
 * claims them (a claim `_id` exists once, so a redelivered or duplicated job finds it taken), the
 * claimed emails go to SES several at a time within this replica's share of the send rate (urgent
 * ones first), and each send is recorded as soon as SES accepts it (batched with the others in
 * flight). Each claim is a lease (`NumberedLeases`): renewed at the moment of the send, after every wait
 * (rate, throttling, a free SES slot), and kept while the send is recorded, so no other sender
 * takes an email over while this one may still send or record it.
 */
@Injectable()
export class EmailSender {
  private readonly logger = new Logger(EmailSender.name);
  readonly limiter: SendRateLimiter;
  private stopping = false;
  private readonly notices = new Map<string, Promise<OutgoingNotice | null>>();
  private readonly policy: RetryPolicy;
  /** SES requests in flight across every partition this replica consumes. */
  private readonly inFlight: Slots;
  private readonly personal: PersonalRenderer;
  private readonly leases: NumberedLeases;

  constructor(
    private readonly records: DeliveryRecords,
    private readonly events: DeliveryEvents,
    private readonly mail: MailSender,
    templates: TemplateRenderer,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationConfig,
    @InjectMetric(EMAILS) private readonly emails: Counter<string>,
  ) {
    this.limiter = new SendRateLimiter(config.SES_MAX_SEND_RATE);
    this.inFlight = new Slots(config.DELIVERY_CONCURRENCY);
    this.personal = new PersonalRenderer(templates);
    this.leases = new NumberedLeases(records.claims, records.replica, config.DELIVERY_CLAIM_LEASE_MS, (key) => ({ deliveryId: key }));
    this.policy = { maxAttempts: config.DELIVERY_MAX_ATTEMPTS, initialDelayMs: config.DELIVERY_RETRY_DELAY_MS, maxDelayMs: config.DELIVERY_RETRY_MAX_DELAY_MS };
  }

  /** Refuses new work: what is in hand finishes (sent and recorded), retries stop waiting. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Sends a chunk of jobs: one insertMany claims them, the claimed go to SES several at a time,
   * then the contested are settled. Resolves once every one is sent and recorded, or failed.
   */
  async sendJobs(jobs: EmailJob[]): Promise<void> {
    const won = await this.leases.claim(jobs.map((j) => j._id), 1);
    const claimed: [EmailJob, Lease][] = [];
    const contested: EmailJob[] = [];
    // A job twice in one chunk is claimed once; its twin waits for the outcome like any other.
    for (const job of jobs) {
      const lease = won.get(job._id);
      won.delete(job._id);
      if (lease) claimed.push([job, lease]);
      else contested.push(job);
    }
    await this.inParallel(claimed, ([job, lease]) => this.attempt(job, lease));
    await this.inParallel(contested, (job) => this.settleContested(job));
  }

  private async inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < items.length) await work(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(items.length, this.config.DELIVERY_CONCURRENCY) }, worker));
  }

  /**
   * A job whose first claim was taken: a redelivery, a duplicate job from a fan-out that ran
   * again, or a job a stopped replica held. Done if sent or failed; else wait while the claim is
   * young and its owner alive (it may be finishing), then take the email over with the next claim.
   */
  private async settleContested(job: EmailJob): Promise<void> {
    for (;;) {
      if ((await this.records.outcome(job._id, 'sent')) || (await this.records.outcome(job._id, 'failed'))) return;
      const latest = await this.leases.newest(job._id, 1);
      // A claim whose owner died (its heartbeat stopped) is taken over at once, not when it runs out.
      if (latest && this.leases.isHeld(latest) && (await this.records.liveness.mayBeWorking(latest.owner))) {
        await sleep(Math.min(this.leases.remainingMs(latest), OWNER_RECHECK_MS) + 50);
        continue;
      }
      const n = (latest?.n ?? 0) + 1;
      const lease = (await this.leases.claim([job._id], n)).get(job._id);
      if (lease) {
        this.logger.warn(`taking over email ${job._id}: claim ${n - 1} ran out with nothing recorded`);
        return this.attempt(job, lease);
      }
    }
  }

  /** Sends one claimed email, retrying as the failure calls for, and records the result. */
  private async attempt(job: EmailJob, claimed: Lease): Promise<void> {
    const context = { correlationId: job.correlationId ?? requestContext.newCorrelationId(), actor: `system:${NOTIFICATION_SERVICE}` };
    return requestContext.run(context, async () => {
      let rendered: RenderedEmail;
      try {
        rendered = await this.render(job);
      } catch (e) {
        // A template that cannot render will not render on retry either.
        return this.recordFailure(job, `render: ${reasonOf(e)}`, 0);
      }
      let attempts = 0;
      let throttledInARow = 0;
      for (;;) {
        const urgent = laneOf(job.sourceType) === 'urgent';
        await this.limiter.ready(urgent);
        await this.inFlight.acquire();
        // Renewed here, after every wait, at the moment of the send: a lease that ran out while
        // this email waited may have been taken over, and then it is the other sender's to send.
        const lease = await this.leases.keep(claimed).catch((e: unknown) => {
          this.inFlight.release();
          throw e;
        });
        if (!lease) {
          this.inFlight.release();
          this.logger.warn(`email ${job._id}: another sender took it over while it waited here`);
          return;
        }
        claimed = lease;
        const turn = await this.limiter.acquire(urgent);
        if (!turn) {
          this.inFlight.release(); // bulk held for urgent mail since `ready`: its slot is theirs
          continue;
        }
        let messageId = '';
        let failure: SendFailure | undefined;
        try {
          ({ messageId } = await this.mail.send({
            to: job.email,
            subject: rendered.subject,
            html: rendered.html,
            text: rendered.text,
            tags: { delivery: deliveryTagOf(job._id) },
            ...(job.unsubscribeUrl ? { listUnsubscribeUrl: job.unsubscribeUrl } : {}),
          }));
        } catch (e) {
          this.inFlight.release();
          failure = e instanceof SendFailure ? e : new SendFailure('transient', reasonOf(e));
        } finally {
          turn.done(); // SES answered: the send's place in the rate log
        }
        if (failure) {
          if (failure.kind === 'throttled') throttledInARow++;
          else attempts++;
          const next = afterFailedSend(failure.kind, attempts, throttledInARow, this.policy);
          this.emails.inc({ template: job.template, outcome: failure.kind === 'throttled' ? 'throttled' : next.retry ? 'retry' : 'failed' });
          if (!next.retry) return this.recordFailure(job, failure.message, attempts);
          this.logger.warn(`email ${job._id}: ${failure.kind} (${failure.message}); trying again in ${Math.round(next.delayMs)} ms`);
          if (failure.kind === 'throttled') this.limiter.pauseFor(next.delayMs); // SES's rate is the whole process's
          else await sleep(next.delayMs);
          continue;
        }
        // SES has the email: from here on only the record may be retried, never the send, and
        // the lease is kept until it is stored, however slow Kafka or the database are. The slot
        // is held until then too, so no more than DELIVERY_CONCURRENCY emails are ever sent and
        // unrecorded: what a crash can send twice.
        return this.leases
          .holding(
            claimed,
            () => this.untilStored(() => this.recordSent(job, rendered, messageId, attempts + 1), job),
            () => this.logger.error(`email ${job._id} was sent, and its claim was taken over before the send was recorded: it may be sent twice`),
          )
          .finally(() => this.inFlight.release());
      }
    });
  }

  /** Retries a record until the database takes it; giving up would leave a sent email looking unsent. */
  private async untilStored(write: () => Promise<void>, job: EmailJob): Promise<void> {
    for (let wait = 200; ; wait = Math.min(wait * 2, 10_000)) {
      try {
        return await write();
      } catch (e) {
        if (this.stopping) throw e;
        this.logger.warn(`email ${job._id} was sent but not yet recorded (${reasonOf(e)}); trying again in ${wait} ms`);
        await sleep(wait);
      }
    }
  }

  private async render(job: EmailJob): Promise<RenderedEmail> {
    const noticeId = job.noticeId ?? job.sourceEventId;
    const notice = await this.noticeOf(noticeId);
    if (!notice) throw new Error(`notice ${noticeId} is not stored`);
    return this.personal.render(noticeId, job.template, notice.data, {
      contactName: job.contactName,
      contactEmail: job.email,
      customerName: job.customerName,
      ...(job.noticeUrl ? { noticeUrl: job.noticeUrl } : {}),
      ...(job.unsubscribeUrl ? { unsubscribeUrl: job.unsubscribeUrl } : {}),
      ...(job.asksAuthorisation ? { asksAuthorisation: true } : {}),
      ...(job.customerId === RESPONDERS ? { responderEmail: job.email } : {}),
    });
  }

  private noticeOf(id: string): Promise<OutgoingNotice | null> {
    let notice = this.notices.get(id);
    if (!notice) {
      notice = this.records.notice(id);
      if (this.notices.size >= NOTICE_CACHE_SIZE) this.notices.delete(this.notices.keys().next().value as string);
      this.notices.set(id, notice);
      notice.then((n) => n ?? this.notices.delete(id), () => this.notices.delete(id));
    }
    return notice;
  }

  private async recordSent(job: EmailJob, rendered: RenderedEmail, sesMessageId: string, attempts: number): Promise<void> {
    const at = this.clock.now();
    this.emails.inc({ template: job.template, outcome: 'sent' });
    // Breach notices are counted per email by the breach service; see README for change notices.
    if (job.sourceType === 'breach') {
      await this.events.sent(job, { template: rendered.template, templateVersion: rendered.templateVersion, sesMessageId, sentAt: at.toISOString() });
    }
    await this.records.recordSent({
      email: job,
      outcome: {
        _id: `${job._id}:sent`,
        deliveryId: job._id,
        kind: 'sent',
        sourceId: job.sourceId,
        customerId: job.customerId,
        at,
        sesMessageId,
        template: rendered.template,
        templateVersion: rendered.templateVersion,
        subject: rendered.subject,
        attempts,
      },
      sesMessage: { _id: sesMessageId, deliveryId: job._id },
    });
    this.records.count(job.sourceId, 'sent');
  }

  private async recordFailure(job: EmailJob, reason: string, attempts: number): Promise<void> {
    const at = this.clock.now();
    // A warning: the failure is recorded and shown on the notice; SES refusing an address is not the service failing.
    this.logger.warn(`email ${job._id} to contact ${job.contactId} failed for good after ${attempts} attempt(s): ${reason}`);
    await this.events.failed(job, { reason, attempts, failedAt: at.toISOString() });
    await this.records.recordFailure(job, { _id: `${job._id}:failed`, deliveryId: job._id, kind: 'failed', sourceId: job.sourceId, customerId: job.customerId, at, attempts, detail: reason });
    this.records.count(job.sourceId, 'failed');
  }
}
