import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { BreachCustomerNoticeRequested, BreachDeadlineKind, BreachEventTypes } from '@forewarn/contracts';
import { EventStager } from '@forewarn/messaging';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import { BreachConfig } from '../breach.config';
import { Art34ExemptionDto, AuthorityNotificationDto, DataSubjectNotificationDto } from './breach.dto';
import { art33ContentOf, breachEventPayloads as payloads } from './breach-event-payloads';
import { CustomerNotice, MissedDeadline } from './breach.schema';
import { actorOfRequest, BreachState, BreachWrites } from './breach-writes';
import { notificationFor, obligationsOfBreach, pastOrNow } from './domain/breach-rules';
import { checkArt34Exemption, dataSubjectDutyOf, describeDataSubjectDuty } from './domain/data-subject-duty';
import { initialSent } from './domain/breach-obligations';

/**
 * Who was told about a breach: the ICO's report and data subjects' notices as responders record
 * them, the customer notices this service asks the notification service to send (and which
 * customers SES accepted an email for), and the reasons given for missed deadlines.
 */
@Injectable()
export class BreachNotificationsService {
  constructor(
    private readonly writes: BreachWrites,
    private readonly events: EventStager,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: BreachConfig,
  ) {}

  /** Records that the ICO report (initial or follow-up) was submitted. */
  async recordAuthorityNotification(idOrReference: string, dto: AuthorityNotificationDto, actor: string): Promise<BreachState> {
    return this.writes.change(idOrReference, (b) => {
      const sentAt = pastOrNow(dto.submittedAt, 'submittedAt', this.clock.now());
      const authority = obligationsOfBreach(b, this.writes.slaHours).find((o) => o.kind === 'authority');
      if (!authority) throw new ConflictException('no report to the authority is required for this breach (role or risk level)');
      const content = { ...art33ContentOf(b, this.config.DPO_CONTACT), icoReference: dto.icoReference };
      const notification = notificationFor(b, authority, { sentAt, sentBy: actor, lateReason: dto.lateReason, reference: dto.icoReference, content });
      const late = notification.late ? `, late: ${notification.lateReason}` : '';
      return {
        set: { notifications: [...b.notifications, notification] },
        replanTimers: true,
        timeline: [{ kind: 'notification', text: `${notification.phase} report to the ICO recorded${dto.icoReference ? ` (reference ${dto.icoReference})` : ''}${late}` }],
        audit: { action: 'breach.authority-notified', entityType: 'breach', entityId: b.id, changes: { ...dto } },
      };
    });
  }

  async recordDataSubjectNotification(idOrReference: string, dto: DataSubjectNotificationDto, actor: string): Promise<BreachState> {
    return this.writes.change(idOrReference, (b) => {
      const sentAt = pastOrNow(dto.sentAt, 'sentAt', this.clock.now());
      const subjects = obligationsOfBreach(b, this.writes.slaHours).find((o) => o.kind === 'data-subjects');
      if (!subjects) throw new ConflictException(`no Art. 34 notice is owed by the company: ${describeDataSubjectDuty(dataSubjectDutyOf(b), undefined)}`);
      const notification = notificationFor(b, subjects, { sentAt, sentBy: actor, lateReason: dto.lateReason, content: { summary: dto.summary } });
      return {
        set: { notifications: [...b.notifications, notification] },
        timeline: [{ kind: 'notification', text: `${notification.phase} notice to data subjects recorded: ${dto.summary}` }],
        audit: { action: 'breach.data-subjects-notified', entityType: 'breach', entityId: b.id, changes: { ...dto } },
      };
    });
  }

  /** Records why the data subjects are not told although the risk is high; a later record replaces it, each audited. */
  async recordArt34Exemption(idOrReference: string, dto: Art34ExemptionDto, actor: string): Promise<BreachState> {
    return this.writes.change(idOrReference, (b) => {
      const subjects = obligationsOfBreach(b, this.writes.slaHours).find((o) => o.kind === 'data-subjects');
      checkArt34Exemption(dataSubjectDutyOf(b), !!subjects?.notifications.length);
      const exemption = { ...dto, recordedAt: this.clock.now(), recordedBy: actor };
      return {
        set: { art34Exemption: exemption },
        timeline: [{ kind: 'art34-exemption', text: describeDataSubjectDuty('ours', exemption) }],
        audit: { action: 'breach.art34-exemption-recorded', entityType: 'breach', entityId: b.id, summary: dto.ground, changes: { ...dto } },
      };
    });
  }

  /**
   * What `requestCustomerNotice` would ask the notification service to send now, without sending
   * it: the template and its data, for the console's preview before a responder commits.
   */
  async previewCustomerNotice(idOrReference: string, message: string | undefined): Promise<{ template: string; data: BreachCustomerNoticeRequested; late: boolean }> {
    const b = await this.writes.find(idOrReference);
    const now = this.clock.now();
    const owed = obligationsOfBreach(b, this.writes.slaHours).filter((o) => o.kind === 'customer');
    if (b.status === 'not-a-breach' || owed.length === 0) throw new ConflictException('customers are told only where the company is processor (role processor or both) and awareAt is known');
    const initial = owed.filter((o) => !initialSent(o));
    const phase = initial.length > 0 ? 'initial' : 'follow-up';
    const content = art33ContentOf(b, this.config.DPO_CONTACT);
    const noticeId = `${b.reference}-N${b.customerNotices.length + 1}`;
    const data = payloads.customerNoticeRequested(b, { noticeId, phase, message, measures: content.measures, contactPoint: this.config.DPO_CONTACT }, now);
    const late = initial.some((o) => !!o.dueAt && now > o.dueAt);
    return { template: phase === 'follow-up' ? 'breach-update' : 'breach-notice', data, late };
  }

  /** Asks the notification service to email the affected customers' breach contacts with the Art. 33(3) content. */
  async requestCustomerNotice(idOrReference: string, message: string | undefined, lateReason: string | undefined, actor: string): Promise<CustomerNotice> {
    let notice: CustomerNotice | undefined;
    await this.writes.change(idOrReference, (b) => {
      const now = this.clock.now();
      if (b.status === 'not-a-breach') throw new ConflictException('this incident was recorded as not a breach');
      const owed = obligationsOfBreach(b, this.writes.slaHours).filter((o) => o.kind === 'customer');
      if (owed.length === 0) throw new ConflictException('customers are told only where the company is processor (role processor or both) and awareAt is known');
      const noticeId = `${b.reference}-N${b.customerNotices.length + 1}`;
      const content = { ...art33ContentOf(b, this.config.DPO_CONTACT), message };
      const records = owed.map((o) => notificationFor(b, o, { sentAt: now, sentBy: actor, lateReason, reference: noticeId, content }));
      const phase = records.some((r) => r.phase === 'initial') ? 'initial' : 'follow-up';
      const requested = payloads.customerNoticeRequested(b, { noticeId, phase, message, measures: content.measures, contactPoint: this.config.DPO_CONTACT }, now);
      const event = this.events.stage(BreachEventTypes.customerNoticeRequested, requested);
      notice = { noticeId, eventId: event.event.id, phase, requestedAt: now, requestedBy: actor, ...(message ? { message } : {}) };
      const whom = b.affectedCustomerIds === 'all' ? 'all customers' : `${b.affectedCustomerIds.length} customer(s)`;
      return {
        set: { customerNotices: [...b.customerNotices, notice], notifications: [...b.notifications, ...records] },
        events: [event],
        replanTimers: true,
        timeline: [{ kind: 'notice', text: `Customer notice ${noticeId} (${phase}) requested for ${whom}` }],
        audit: { action: 'breach.customer-notice-requested', entityType: 'breach', entityId: b.id, summary: noticeId, changes: { message, lateReason } },
      };
    });
    return notice!;
  }

  async recordMissedReason(idOrReference: string, kind: BreachDeadlineKind, reason: string): Promise<BreachState> {
    return this.writes.change(idOrReference, (b) => {
      const missed = b.missedDeadlines.filter((m) => m.kind === kind).at(-1);
      if (!missed) throw new NotFoundException(`the ${kind} deadline of ${b.reference} has not been missed`);
      const updated: MissedDeadline = { ...missed, reason, reasonBy: actorOfRequest(), reasonAt: this.clock.now() };
      return {
        set: { missedDeadlines: b.missedDeadlines.map((m) => (m === missed ? updated : m)) },
        events: [this.events.stage(BreachEventTypes.deadlineMissed, payloads.deadlineMissed(b, updated))],
        timeline: [{ kind: 'deadline-missed-reason', text: `Reason the ${kind} deadline was missed: ${reason}` }],
        audit: { action: 'breach.missed-reason-recorded', entityType: 'breach', entityId: b.id, changes: { kind, reason } },
      };
    });
  }


  /**
   * SES accepted an email of a customer notice for this customer (the first one): the customer's
   * obligation is met from now, its deadline timer goes. A notice to every customer counts as
   * given with its first accepted email; the breach service does not know the directory.
   */
  async recordCustomerReached(breachId: string, noticeEventId: string, customerId: string, at: Date): Promise<void> {
    await this.writes.changeIfExists(breachId, (b) => {
      const notice = b.customerNotices.find((n) => n.eventId === noticeEventId);
      if (!notice) return undefined;
      const owed = [`customer:${customerId}`, 'customer:all'];
      const reached = (n: (typeof b.notifications)[number]) => n.reference === notice.noticeId && owed.includes(n.obligation) && !n.reachedAt;
      if (!b.notifications.some(reached)) return undefined;
      return {
        set: { notifications: b.notifications.map((n) => (reached(n) ? { ...n, reachedAt: at } : n)) },
        replanTimers: true,
        timeline: [{ kind: 'notice-reached', text: `Customer notice ${notice.noticeId}: SES accepted an email for customer ${customerId}` }],
        audit: { action: 'breach.customer-reached', entityType: 'breach', entityId: b.id, summary: `${notice.noticeId} ${customerId}`, changes: { customerId, at: at.toISOString() } },
      };
    });
  }
}
