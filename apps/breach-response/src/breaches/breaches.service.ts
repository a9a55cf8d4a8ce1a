import { ConflictException, Inject, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { Model, Types } from 'mongoose';
import { BreachDeadlineKind, BreachEventTypes } from '@forewarn/contracts';
import { AggregateChange, AggregateStore } from '@forewarn/aggregates';
import { EventStager } from '@forewarn/messaging';
import { Clock, requestContext, SERVICE_CONFIG } from '@forewarn/platform';
import { BreachConfig } from '../breach.config';
import { TimelineService } from '../timeline/timeline.service';
import { AuthorityNotificationDto, CreateBreachDto, DataSubjectNotificationDto, UpdateBreachDto } from './breach.dto';
import { art33ContentOf, breachEventPayloads as payloads } from './breach-event-payloads';
import { BreachReferences } from './breach-references';
import { Breach, BreachDocument, CustomerNotice, MissedDeadline, PendingTimelineEntry } from './breach.schema';
import { allTimerIdsOf, BreachTimerPayload, timersFor } from './breach-timers';
import { BreachDeadline, parseOffsetsHours } from './domain/breach-deadlines';
import { Obligation } from './domain/breach-obligations';
import {
  breachFactsOf,
  deadlineDates,
  deadlinesOf,
  describeDeadlines,
  isOpenDeadline,
  notificationFor,
  obligationsOfBreach,
  openDeadlines,
  pastOrNow,
  transitionFactsOf,
} from './domain/breach-rules';
import { allowedTransitions, BreachStatus, checkTransition, isFinished } from './domain/breach-status';

/** A breach as the rules see it right now: its clocks, its obligations and where it may go. */
export interface BreachState {
  breach: BreachDocument;
  deadlines: BreachDeadline[];
  obligations: Obligation[];
  allowed: BreachStatus[];
}

/** What one use case decides about a breach; the store writes it with its events, audit entry and timeline entries. */
interface BreachDecision extends Omit<AggregateChange, 'staged' | 'timers' | 'audit'> {
  audit: NonNullable<AggregateChange['audit']>;
  timeline: { kind: string; text: string }[];
}

const FACTS_THAT_MOVE_CLOCKS = ['awareAt', 'role', 'riskLevel', 'affectedCustomerIds'] as const;

/**
 * The breach use cases. Each decides, on the breach as stored, what to set and which events,
 * timeline entries and audit entry go with it; `AggregateStore` writes them together.
 */
@Injectable()
export class BreachesService implements OnModuleInit {
  private readonly offsetsHours: number[];
  private readonly slaHours: number;

  constructor(
    @InjectModel(Breach.name) private readonly breaches: Model<Breach>,
    private readonly references: BreachReferences,
    private readonly store: AggregateStore,
    private readonly timeline: TimelineService,
    private readonly events: EventStager,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: BreachConfig,
  ) {
    this.offsetsHours = parseOffsetsHours(config.ESCALATION_OFFSETS_HOURS)!;
    this.slaHours = config.CUSTOMER_NOTICE_SLA_HOURS;
  }

  onModuleInit(): void {
    this.store.register(this.breaches, {
      relays: [this.timeline],
      // The escalations and deadline timers of the deadlines still open; the others cancelled.
      planTimers: (before: BreachDocument, after: Breach) => {
        const id = String(before._id);
        const schedule = timersFor(id, openDeadlines(after, this.slaHours), this.offsetsHours, this.clock.now());
        const keep = new Set(schedule.map((t) => t.id));
        return { schedule, cancel: allTimerIdsOf(id, this.offsetsHours).filter((t) => !keep.has(t)) };
      },
    });
  }

  async report(dto: CreateBreachDto, actor: string): Promise<BreachState> {
    const now = this.clock.now();
    const id = new Types.ObjectId();
    const breachId = id.toHexString();
    const draft = {
      _id: id,
      ...breachFactsOf(dto, undefined, now),
      cyberIncident: dto.cyberIncident ?? 'unknown',
      staffInvolved: dto.staffInvolved ?? 'unknown',
      status: 'reported' as const,
      reportedAt: now,
      reportedBy: actor,
      updatedAt: now,
      customerNoticeSlaHours: this.slaHours,
      notifications: [],
      customerNotices: [],
      missedDeadlines: [],
      escalations: [],
    } as unknown as Breach & { _id: Types.ObjectId };
    draft.reference = await this.references.claim(now.getUTCFullYear(), breachId);
    const deadlines = deadlinesOf(draft, this.slaHours);
    await this.store.create(
      this.breaches,
      { ...draft, ...deadlineDates(deadlines) },
      {
        events: [this.events.stage(BreachEventTypes.reported, payloads.reported({ ...draft, id: breachId }, deadlines, now))],
        audit: { action: 'breach.reported', entityType: 'breach', entityId: breachId, summary: draft.reference },
        staged: { timelinePending: [this.timelineEntry(now, 'reported', `Breach ${draft.reference} logged: ${draft.title}`)] },
        timers: { schedule: timersFor(breachId, deadlines, this.offsetsHours, now) },
      },
    );
    return this.get(breachId);
  }

  async update(idOrReference: string, dto: UpdateBreachDto): Promise<BreachState> {
    return this.change(idOrReference, (b) => {
      const now = this.clock.now();
      const facts = breachFactsOf(dto, b, now);
      const changed = Object.keys(dto).filter((k) => JSON.stringify((dto as Record<string, unknown>)[k]) !== JSON.stringify(plainField(b, k)));
      if (changed.length === 0) return undefined;
      const next = { ...b.toObject(), ...facts } as Breach;
      const clocksMoved = FACTS_THAT_MOVE_CLOCKS.some((k) => changed.includes(k));
      const deadlines = deadlinesOf(next, this.slaHours);
      const assessed = clocksMoved && next.awareAt ? [this.events.stage(BreachEventTypes.assessed, payloads.assessed(b, next, deadlines, now))] : [];
      return {
        set: { ...facts, ...deadlineDates(deadlines) },
        events: assessed,
        replanTimers: clocksMoved,
        timeline: [{ kind: 'updated', text: `Updated ${changed.join(', ')}.${clocksMoved ? ` Deadlines now: ${describeDeadlines(deadlines)}.` : ''}` }],
        audit: { action: 'breach.updated', entityType: 'breach', entityId: b.id, changes: Object.fromEntries(changed.map((k) => [k, (dto as Record<string, unknown>)[k]])) },
      };
    });
  }

  async transition(idOrReference: string, to: BreachStatus, reason: string | undefined): Promise<BreachState> {
    return this.change(idOrReference, (b) => {
      const now = this.clock.now();
      checkTransition(transitionFactsOf(b, this.slaHours), to, reason);
      return {
        set: { status: to, ...(reason ? { statusReason: reason } : {}), ...(isFinished(to) ? { closedAt: now } : {}) },
        events: isFinished(to) ? [this.events.stage(BreachEventTypes.closed, payloads.closed(b, to, reason, now))] : [],
        replanTimers: isFinished(to),
        timeline: [{ kind: 'status', text: `Status ${b.status} → ${to}${reason ? `: ${reason}` : ''}` }],
        audit: { action: 'breach.transitioned', entityType: 'breach', entityId: b.id, summary: `${b.status} → ${to}`, changes: { to, reason } },
      };
    });
  }

  /** Records that the ICO report (initial or follow-up) was submitted. */
  async recordAuthorityNotification(idOrReference: string, dto: AuthorityNotificationDto, actor: string): Promise<BreachState> {
    return this.change(idOrReference, (b) => {
      const sentAt = pastOrNow(dto.submittedAt, 'submittedAt', this.clock.now());
      const authority = obligationsOfBreach(b, this.slaHours).find((o) => o.kind === 'authority');
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
    return this.change(idOrReference, (b) => {
      const sentAt = pastOrNow(dto.sentAt, 'sentAt', this.clock.now());
      const subjects = obligationsOfBreach(b, this.slaHours).find((o) => o.kind === 'data-subjects');
      if (!subjects) throw new ConflictException('data subjects must be told only when the risk is high (Art. 34); riskLevel is not "high"');
      const notification = notificationFor(b, subjects, { sentAt, sentBy: actor, lateReason: dto.lateReason, content: { summary: dto.summary } });
      return {
        set: { notifications: [...b.notifications, notification] },
        timeline: [{ kind: 'notification', text: `${notification.phase} notice to data subjects recorded: ${dto.summary}` }],
        audit: { action: 'breach.data-subjects-notified', entityType: 'breach', entityId: b.id, changes: { ...dto } },
      };
    });
  }

  /** Asks the notification service to email the affected customers' breach contacts with the Art. 33(3) content. */
  async requestCustomerNotice(idOrReference: string, message: string | undefined, lateReason: string | undefined, actor: string): Promise<CustomerNotice> {
    let notice: CustomerNotice | undefined;
    await this.change(idOrReference, (b) => {
      const now = this.clock.now();
      if (b.status === 'not-a-breach') throw new ConflictException('this incident was recorded as not a breach');
      const owed = obligationsOfBreach(b, this.slaHours).filter((o) => o.kind === 'customer');
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
    return this.change(idOrReference, (b) => {
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

  /** An escalation timer fired: remind responders, unless the deadline moved, was met, or this reminder went out already. */
  async escalate(p: BreachTimerPayload): Promise<void> {
    await this.changeIfExists(p.breachId, (b) => {
      if (!isOpenDeadline(b, this.slaHours, p.deadline, p.dueAt)) return undefined;
      if (b.escalations.some((e) => e.kind === p.deadline && e.dueAt.getTime() === Date.parse(p.dueAt) && e.hoursBefore === p.hoursBefore)) return undefined;
      const now = this.clock.now();
      return {
        set: { escalations: [...b.escalations, { kind: p.deadline, dueAt: new Date(p.dueAt), hoursBefore: p.hoursBefore!, at: now }] },
        events: [this.events.stage(BreachEventTypes.deadlineApproaching, payloads.deadlineApproaching(b, p, now))],
        timeline: [{ kind: 'deadline-approaching', text: `Responders reminded: the ${p.deadline} deadline is due in ${p.hoursBefore} h (${p.dueAt})` }],
        audit: { action: 'breach.deadline-approaching', entityType: 'breach', entityId: b.id, changes: { ...p } },
      };
    });
  }

  /** A deadline timer fired: if still unmet, it is missed, and the breach asks for the reason. */
  async markMissed(p: BreachTimerPayload): Promise<void> {
    await this.changeIfExists(p.breachId, (b) => {
      const now = this.clock.now();
      if (!isOpenDeadline(b, this.slaHours, p.deadline, p.dueAt) || now.getTime() < Date.parse(p.dueAt)) return undefined;
      const missed: MissedDeadline = { kind: p.deadline, dueAt: new Date(p.dueAt), missedAt: now };
      return {
        set: { missedDeadlines: [...b.missedDeadlines, missed] },
        events: [this.events.stage(BreachEventTypes.deadlineMissed, payloads.deadlineMissed(b, missed))],
        timeline: [{ kind: 'deadline-missed', text: `The ${p.deadline} deadline (${p.dueAt}) passed unmet; a reason is required` }],
        audit: { action: 'breach.deadline-missed', entityType: 'breach', entityId: b.id, changes: { ...p } },
      };
    });
  }

  /** A responder's note joins the chain like every automatic entry: staged on the breach, then chained. */
  async addTimelineNote(idOrReference: string, text: string): Promise<string> {
    const { breach } = await this.change(idOrReference, (b) => ({
      timeline: [{ kind: 'note', text }],
      audit: { action: 'breach.note-added', entityType: 'breach', entityId: b.id, summary: text.slice(0, 200) },
    }));
    return breach.id;
  }

  async list(status?: BreachStatus): Promise<BreachState[]> {
    const found = await this.breaches.find(status ? { status } : {}, this.store.withoutStaged(this.breaches)).sort({ reportedAt: -1 }).exec();
    return found.map((b) => this.stateOf(b));
  }

  async get(idOrReference: string): Promise<BreachState> {
    return this.stateOf(await this.find(idOrReference));
  }

  /** By ObjectId or by reference; anything else is simply not found. */
  async find(idOrReference: string): Promise<BreachDocument> {
    const id = await this.idOf(idOrReference);
    const found = id ? await this.store.get<BreachDocument>(this.breaches, id) : null;
    if (!found) throw new NotFoundException(`breach ${idOrReference} does not exist`);
    return found;
  }

  stateOf(breach: BreachDocument): BreachState {
    return {
      breach,
      deadlines: deadlinesOf(breach, this.slaHours),
      obligations: obligationsOfBreach(breach, this.slaHours),
      allowed: allowedTransitions(transitionFactsOf(breach, this.slaHours)),
    };
  }

  // ---------------------------------------------------------------- the write path

  private async change(idOrReference: string, decide: (b: BreachDocument) => BreachDecision | undefined): Promise<BreachState> {
    const id = await this.idOf(idOrReference);
    const result = id ? await this.store.change<BreachDocument>(this.breaches, id, (b) => this.written(decide(b))) : undefined;
    if (!result) throw new NotFoundException(`breach ${idOrReference} does not exist`);
    return this.stateOf(result.aggregate);
  }

  /** For timers: a breach that is gone has nothing left to do. */
  private async changeIfExists(breachId: string, decide: (b: BreachDocument) => BreachDecision | undefined): Promise<void> {
    await this.store.change<BreachDocument>(this.breaches, breachId, (b) => this.written(decide(b)));
  }

  /** A decision as the store writes it: timeline entries staged, `updatedAt` stamped. */
  private written(decision: BreachDecision | undefined): AggregateChange | undefined {
    if (!decision) return undefined;
    const now = this.clock.now();
    const { timeline, ...change } = decision;
    return { ...change, set: { ...change.set, updatedAt: now }, staged: { timelinePending: timeline.map((t) => this.timelineEntry(now, t.kind, t.text)) } };
  }

  private async idOf(idOrReference: string): Promise<string | undefined> {
    if (/^[0-9a-f]{24}$/i.test(idOrReference)) return idOrReference;
    return /^BR-\d{4}-\d{4,}$/.test(idOrReference) ? this.references.breachIdOf(idOrReference) : undefined;
  }

  private timelineEntry(at: Date, kind: string, text: string): PendingTimelineEntry {
    return { entryId: randomUUID(), at, actor: actorOfRequest(), kind, text };
  }
}

function plainField(b: BreachDocument, key: string): unknown {
  const value = (b.toObject() as unknown as Record<string, unknown>)[key];
  return value instanceof Date ? value.toISOString() : value;
}

function actorOfRequest(): string {
  return requestContext.current()?.actor ?? 'system:breach-response';
}
