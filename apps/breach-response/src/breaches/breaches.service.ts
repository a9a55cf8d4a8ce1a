import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { Model, Types } from 'mongoose';
import {
  BreachAssessed,
  BreachClosed,
  BreachCustomerNoticeRequested,
  BreachDeadlineApproaching,
  BreachDeadlineKind,
  BreachDeadlineMissed,
  BreachEventTypes,
  BreachReported,
} from '@forewarn/contracts';
import { AuditRecord, AuditTrail } from '@forewarn/audit';
import { EventStager, OutboxRelay, PendingEvent } from '@forewarn/messaging';
import { Clock, requestContext, SERVICE_CONFIG } from '@forewarn/platform';
import { DurableTimers } from '@forewarn/scheduling';
import { BreachConfig } from '../breach.config';
import { TimelineService } from '../timeline/timeline.service';
import { AuthorityNotificationDto, CreateBreachDto, DataSubjectNotificationDto, UpdateBreachDto } from './breach.dto';
import { BreachReferences } from './breach-references';
import { BreachWriteQueue } from './breach-write-queue';
import { Breach, BreachDocument, CustomerNotice, dataAtRiskOf, MissedDeadline } from './breach.schema';
import { allTimerIdsOf, BreachTimerPayload, timersFor } from './breach-timers';
import { BreachDeadline, breachDeadlines, parseOffsetsHours } from './domain/breach-deadlines';
import { initialSent, isDeadlineMet, nextNotification, NotificationRecord, Obligation, obligationsOf } from './domain/breach-obligations';
import { allowedTransitions, BreachStatus, checkTransition, isFinished, TransitionFacts } from './domain/breach-status';

/** A breach as the rules see it right now: its clocks, its obligations and where it may go. */
export interface BreachState {
  breach: BreachDocument;
  deadlines: BreachDeadline[];
  obligations: Obligation[];
  allowed: BreachStatus[];
}

/** One write to a breach: what to set, and the events, timeline entries and audit record that go with it. */
interface BreachChange {
  set: Partial<Breach>;
  events?: PendingEvent[];
  timeline?: { kind: string; text: string }[];
  audit: AuditRecord;
  /** The change can move or end deadlines: timers are re-planned around the write. */
  reclock?: boolean;
}

const MAX_WRITE_ATTEMPTS = 8;
const iso = (d: Date | undefined) => d?.toISOString();
const FACTS_THAT_MOVE_CLOCKS = ['awareAt', 'role', 'riskLevel', 'affectedCustomerIds'] as const;

/**
 * Breaches and everything that happens to them. Each write is one guarded single-document update
 * carrying its events (outbox), timeline entries and audit entry, so none can be lost apart.
 */
@Injectable()
export class BreachesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly offsetsHours: number[];
  private readonly logger = new Logger(BreachesService.name);
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    @InjectModel(Breach.name) private readonly breaches: Model<Breach>,
    private readonly references: BreachReferences,
    private readonly queue: BreachWriteQueue,
    private readonly timeline: TimelineService,
    private readonly timers: DurableTimers,
    private readonly events: EventStager,
    private readonly outbox: OutboxRelay,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: BreachConfig,
  ) {
    this.offsetsHours = parseOffsetsHours(config.ESCALATION_OFFSETS_HOURS)!;
  }

  /**
   * Not tracked by the outbox and audit relays: their sweeps would pop entries outside the write
   * queue. This service sweeps its own leftovers (a crash between a write and its relay) instead.
   */
  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((e: unknown) => this.logger.warn(`breach relay sweep failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => (this.sweeping = undefined));
    }, this.config.OUTBOX_SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
  }

  /** Relays what a crash left staged on any breach (a scan of the small `breaches` collection). */
  async sweep(): Promise<void> {
    const left = await this.breaches
      .find({ $or: [{ 'outbox.0': { $exists: true } }, { 'auditPending.0': { $exists: true } }, { 'timelinePending.0': { $exists: true } }] }, { _id: 1 })
      .limit(100)
      .lean();
    for (const b of left) await this.queue.run(String(b._id), () => this.relayPending(String(b._id)));
  }

  async report(dto: CreateBreachDto, actor: string): Promise<BreachState> {
    const now = this.clock.now();
    const facts = this.checkedFacts(dto, undefined, now);
    const id = new Types.ObjectId();
    const reference = await this.references.claim(now.getUTCFullYear(), id.toHexString());
    const draft = {
      _id: id,
      ...facts,
      reference,
      cyberIncident: dto.cyberIncident ?? 'unknown',
      staffInvolved: dto.staffInvolved ?? 'unknown',
      status: 'reported' as const,
      reportedAt: now,
      reportedBy: actor,
      updatedAt: now,
      version: 0,
      notifications: [],
      customerNotices: [],
      missedDeadlines: [],
      escalations: [],
    } as unknown as Breach & { _id: Types.ObjectId };
    const deadlines = this.deadlinesOf(draft);
    const reported: BreachReported = {
      breachId: id.toHexString(),
      reference,
      title: draft.title,
      role: draft.role,
      riskLevel: draft.riskLevel,
      awareAt: iso(draft.awareAt),
      affectedCustomerIds: draft.affectedCustomerIds,
      deadlines: this.deadlineFields(deadlines),
      reportedAt: now.toISOString(),
    };
    const events = [this.events.stage(BreachEventTypes.reported, reported)];
    await this.timers.scheduleMany(timersFor(id.toHexString(), deadlines, this.offsetsHours, now));
    await this.queue.run(id.toHexString(), async () => {
      await this.breaches.create({
        ...draft,
        ...this.deadlineDates(deadlines),
        outbox: events,
        timelinePending: [this.timelineEntry(now, actor, 'reported', `Breach ${reference} logged: ${draft.title}`)],
        auditPending: [this.audit.stage({ action: 'breach.reported', entityType: 'breach', entityId: id.toHexString(), summary: reference })],
      });
      await this.relayPending(id.toHexString());
    });
    return this.get(id.toHexString());
  }

  async update(idOrReference: string, dto: UpdateBreachDto): Promise<BreachState> {
    return this.change(idOrReference, (b) => {
      const now = this.clock.now();
      const facts = this.checkedFacts(dto, b, now);
      const changed = Object.keys(dto).filter((k) => JSON.stringify((dto as Record<string, unknown>)[k]) !== JSON.stringify(this.plainField(b, k)));
      if (changed.length === 0) return undefined;
      const next = { ...b.toObject(), ...facts } as Breach;
      const clocksMoved = FACTS_THAT_MOVE_CLOCKS.some((k) => changed.includes(k));
      const deadlines = this.deadlinesOf(next);
      const events: PendingEvent[] = [];
      if (clocksMoved && next.awareAt) {
        const assessed: BreachAssessed = {
          breachId: b.id,
          reference: b.reference,
          role: next.role,
          riskLevel: next.riskLevel ?? 'risk',
          deadlines: this.deadlineFields(deadlines),
          assessedAt: now.toISOString(),
        };
        events.push(this.events.stage(BreachEventTypes.assessed, assessed));
      }
      const clockText = clocksMoved ? ` Deadlines now: ${this.describeDeadlines(deadlines)}.` : '';
      return {
        set: { ...facts, ...this.deadlineDates(deadlines) },
        events,
        reclock: clocksMoved,
        timeline: [{ kind: 'updated', text: `Updated ${changed.join(', ')}.${clockText}` }],
        audit: { action: 'breach.updated', entityType: 'breach', entityId: b.id, changes: Object.fromEntries(changed.map((k) => [k, (dto as Record<string, unknown>)[k]])) },
      };
    });
  }

  async transition(idOrReference: string, to: BreachStatus, reason: string | undefined): Promise<BreachState> {
    return this.change(idOrReference, (b) => {
      const now = this.clock.now();
      checkTransition(this.transitionFacts(b), to, reason);
      const events: PendingEvent[] = [];
      if (isFinished(to)) {
        const closed: BreachClosed = { breachId: b.id, reference: b.reference, outcome: to as BreachClosed['outcome'], reason, closedAt: now.toISOString() };
        events.push(this.events.stage(BreachEventTypes.closed, closed));
      }
      return {
        set: { status: to, ...(reason ? { statusReason: reason } : {}), ...(isFinished(to) ? { closedAt: now } : {}) },
        events,
        reclock: isFinished(to),
        timeline: [{ kind: 'status', text: `Status ${b.status} → ${to}${reason ? `: ${reason}` : ''}` }],
        audit: { action: 'breach.transitioned', entityType: 'breach', entityId: b.id, summary: `${b.status} → ${to}`, changes: { to, reason } },
      };
    });
  }

  /** Records that the ICO report (initial or follow-up) was submitted. */
  async recordAuthorityNotification(idOrReference: string, dto: AuthorityNotificationDto, actor: string): Promise<BreachState> {
    return this.change(idOrReference, (b) => {
      const sentAt = this.pastOrNow(dto.submittedAt, 'submittedAt');
      const authority = this.obligationsOfBreach(b).find((o) => o.kind === 'authority');
      if (!authority) throw new ConflictException('no report to the authority is required for this breach (role or risk level)');
      const notification = this.notification(b, authority, sentAt, actor, dto.lateReason, {
        reference: dto.icoReference,
        content: { ...this.art33Content(b), icoReference: dto.icoReference },
      });
      return {
        set: { notifications: [...b.notifications, notification] },
        reclock: true,
        timeline: [{ kind: 'notification', text: `${notification.phase} report to the ICO recorded${dto.icoReference ? ` (reference ${dto.icoReference})` : ''}${notification.late ? `, late: ${notification.lateReason}` : ''}` }],
        audit: { action: 'breach.authority-notified', entityType: 'breach', entityId: b.id, changes: { ...dto } },
      };
    });
  }

  async recordDataSubjectNotification(idOrReference: string, dto: DataSubjectNotificationDto, actor: string): Promise<BreachState> {
    return this.change(idOrReference, (b) => {
      const sentAt = this.pastOrNow(dto.sentAt, 'sentAt');
      const subjects = this.obligationsOfBreach(b).find((o) => o.kind === 'data-subjects');
      if (!subjects) throw new ConflictException('data subjects must be told only when the risk is high (Art. 34); riskLevel is not "high"');
      const notification = this.notification(b, subjects, sentAt, actor, dto.lateReason, { content: { summary: dto.summary } });
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
      const owed = this.obligationsOfBreach(b).filter((o) => o.kind === 'customer');
      if (owed.length === 0) throw new ConflictException('customers are told only where the company is processor (role processor or both) and awareAt is known');
      const noticeId = `${b.reference}-N${b.customerNotices.length + 1}`;
      const records = owed.map((o) => this.notification(b, o, now, actor, lateReason, { reference: noticeId, content: { noticeId } }));
      const phase = records.some((r) => r.phase === 'initial') ? 'initial' : 'follow-up';
      const content = this.art33Content(b);
      const requested: BreachCustomerNoticeRequested = {
        breachId: b.id,
        reference: b.reference,
        title: b.title,
        description: b.description,
        nature: b.nature,
        dataCategories: b.dataCategories,
        specialCategoryData: b.specialCategoryData,
        approxDataSubjects: b.approxDataSubjects,
        approxRecords: b.approxRecords,
        likelyConsequences: b.likelyConsequences,
        measures: content.measures,
        awareAt: iso(b.awareAt)!,
        occurredAt: iso(b.occurredAt),
        occurredUntil: iso(b.occurredUntil),
        affectedCustomerIds: b.affectedCustomerIds,
        message,
        contactPoint: this.config.DPO_CONTACT,
        requestedAt: now.toISOString(),
        noticeId,
        phase,
        dataSubjectCategories: b.dataSubjectCategories,
        riskLevel: b.riskLevel,
      };
      const event = this.events.stage(BreachEventTypes.customerNoticeRequested, requested);
      notice = { noticeId, eventId: event.event.id, phase, requestedAt: now, requestedBy: actor, ...(message ? { message } : {}) };
      const snapshot = { ...content, contactPoint: this.config.DPO_CONTACT, message };
      return {
        set: {
          customerNotices: [...b.customerNotices, notice],
          notifications: [...b.notifications, ...records.map((r) => ({ ...r, content: snapshot }))],
        },
        events: [event],
        reclock: true,
        timeline: [{ kind: 'notice', text: `Customer notice ${noticeId} (${phase}) requested for ${b.affectedCustomerIds === 'all' ? 'all customers' : `${b.affectedCustomerIds.length} customer(s)`}` }],
        audit: { action: 'breach.customer-notice-requested', entityType: 'breach', entityId: b.id, summary: noticeId, changes: { message, lateReason } },
      };
    });
    return notice!;
  }

  async recordMissedReason(idOrReference: string, kind: BreachDeadlineKind, reason: string): Promise<BreachState> {
    return this.change(idOrReference, (b) => {
      const now = this.clock.now();
      const missed = b.missedDeadlines.filter((m) => m.kind === kind).at(-1);
      if (!missed) throw new NotFoundException(`the ${kind} deadline of ${b.reference} has not been missed`);
      const updated: MissedDeadline = { ...missed, reason, reasonBy: this.actorOfRequest(), reasonAt: now };
      const event: BreachDeadlineMissed = {
        breachId: b.id,
        reference: b.reference,
        deadline: kind,
        dueAt: missed.dueAt.toISOString(),
        missedAt: missed.missedAt.toISOString(),
        reason,
        reasonRecordedAt: now.toISOString(),
        title: b.title,
      };
      return {
        set: { missedDeadlines: b.missedDeadlines.map((m) => (m === missed ? updated : m)) },
        events: [this.events.stage(BreachEventTypes.deadlineMissed, event)],
        timeline: [{ kind: 'deadline-missed-reason', text: `Reason the ${kind} deadline was missed: ${reason}` }],
        audit: { action: 'breach.missed-reason-recorded', entityType: 'breach', entityId: b.id, changes: { kind, reason } },
      };
    });
  }

  /** An escalation timer fired: remind responders, unless the deadline moved, was met, or this reminder went out already. */
  async escalate(p: BreachTimerPayload): Promise<void> {
    await this.change(p.breachId, (b) => {
      if (!this.isOpenDeadline(b, p)) return undefined;
      if (b.escalations.some((e) => e.kind === p.deadline && e.dueAt.getTime() === Date.parse(p.dueAt) && e.hoursBefore === p.hoursBefore)) return undefined;
      const now = this.clock.now();
      const event: BreachDeadlineApproaching = {
        breachId: b.id,
        reference: b.reference,
        deadline: p.deadline,
        dueAt: p.dueAt,
        remindedAt: now.toISOString(),
        title: b.title,
        hoursBefore: p.hoursBefore,
        status: b.status,
      };
      return {
        set: { escalations: [...b.escalations, { kind: p.deadline, dueAt: new Date(p.dueAt), hoursBefore: p.hoursBefore!, at: now }] },
        events: [this.events.stage(BreachEventTypes.deadlineApproaching, event)],
        timeline: [{ kind: 'deadline-approaching', text: `Responders reminded: the ${p.deadline} deadline is due in ${p.hoursBefore} h (${p.dueAt})` }],
        audit: { action: 'breach.deadline-approaching', entityType: 'breach', entityId: b.id, changes: { ...p } },
      };
    }, { missingIsNoop: true });
  }

  /** A deadline timer fired: if still unmet, it is missed, and the breach asks for the reason. */
  async markMissed(p: BreachTimerPayload): Promise<void> {
    await this.change(p.breachId, (b) => {
      const now = this.clock.now();
      if (!this.isOpenDeadline(b, p) || now.getTime() < Date.parse(p.dueAt)) return undefined;
      const missed: MissedDeadline = { kind: p.deadline, dueAt: new Date(p.dueAt), missedAt: now };
      const event: BreachDeadlineMissed = { breachId: b.id, reference: b.reference, deadline: p.deadline, dueAt: p.dueAt, missedAt: now.toISOString(), title: b.title };
      return {
        set: { missedDeadlines: [...b.missedDeadlines, missed] },
        events: [this.events.stage(BreachEventTypes.deadlineMissed, event)],
        timeline: [{ kind: 'deadline-missed', text: `The ${p.deadline} deadline (${p.dueAt}) passed unmet; a reason is required` }],
        audit: { action: 'breach.deadline-missed', entityType: 'breach', entityId: b.id, changes: { ...p } },
      };
    }, { missingIsNoop: true });
  }

  /** A responder's note joins the chain like every automatic entry: staged on the breach, then chained. */
  async addTimelineNote(idOrReference: string, text: string): Promise<string> {
    const { breach } = await this.change(idOrReference, (b) => ({
      set: {},
      timeline: [{ kind: 'note', text }],
      audit: { action: 'breach.note-added', entityType: 'breach', entityId: b.id, summary: text.slice(0, 200) },
    }));
    return breach.id;
  }

  async list(status?: BreachStatus): Promise<BreachState[]> {
    const found = await this.breaches.find(status ? { status } : {}, { outbox: 0, auditPending: 0 }).sort({ reportedAt: -1 }).exec();
    return found.map((b) => this.stateOf(b));
  }

  async get(idOrReference: string): Promise<BreachState> {
    return this.stateOf(await this.find(idOrReference));
  }

  /** By ObjectId or by reference; anything else is simply not found. */
  async find(idOrReference: string): Promise<BreachDocument> {
    const id = Types.ObjectId.isValid(idOrReference) && /^[0-9a-f]{24}$/i.test(idOrReference)
      ? idOrReference
      : /^BR-\d{4}-\d{4,}$/.test(idOrReference) ? await this.references.breachIdOf(idOrReference) : undefined;
    const found = id ? await this.breaches.findById(id, { outbox: 0, auditPending: 0 }).exec() : null;
    if (!found) throw new NotFoundException(`breach ${idOrReference} does not exist`);
    return found;
  }

  stateOf(breach: BreachDocument): BreachState {
    const deadlines = this.deadlinesOf(breach);
    return { breach, deadlines, obligations: this.obligationsOfBreach(breach), allowed: allowedTransitions(this.transitionFacts(breach)) };
  }

  /** Art. 33(3): what every notice and the authority report must say. */
  private art33Content(b: Breach) {
    return {
      ...dataAtRiskOf(b),
      contactPoint: this.config.DPO_CONTACT,
      likelyConsequences: b.likelyConsequences,
      measures: [b.measures, b.measuresAfter].filter(Boolean).join('\n') || undefined,
    };
  }

  // ---------------------------------------------------------------- the write path

  private async change(
    idOrReference: string,
    decide: (b: BreachDocument) => BreachChange | undefined,
    { missingIsNoop = false } = {},
  ): Promise<BreachState> {
    let id: string;
    try {
      id = (await this.find(idOrReference)).id as string;
    } catch (error) {
      if (missingIsNoop && error instanceof NotFoundException) return undefined as never;
      throw error;
    }
    return this.queue.run(id, () => this.changeNow(id, decide));
  }

  /** Decide on the stored breach, write guarded by its version, relay what the write staged. Holds the write queue. */
  private async changeNow(id: string, decide: (b: BreachDocument) => BreachChange | undefined): Promise<BreachState> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.find(id);
      const change = decide(current);
      if (!change) return this.stateOf(current);
      const now = this.clock.now();
      const next = { ...current.toObject(), ...change.set } as Breach;
      const timers = change.reclock ? timersFor(current.id, this.openDeadlines(next), this.offsetsHours, now) : [];
      // Timers go in before the write that needs them; a timer left by a lost race re-checks and does nothing.
      if (timers.length) await this.timers.scheduleMany(timers);
      const actor = this.actorOfRequest();
      const updated = await this.breaches.findOneAndUpdate(
        { _id: current._id, version: current.version },
        {
          $set: { ...change.set, updatedAt: now },
          $inc: { version: 1 },
          $push: {
            outbox: { $each: change.events ?? [] },
            timelinePending: { $each: (change.timeline ?? []).map((t) => this.timelineEntry(now, actor, t.kind, t.text)) },
            auditPending: this.audit.stage(change.audit),
          },
        },
        { new: true }, // no projection: FerretDB's findAndModify refuses one
      );
      if (!updated) continue; // another replica wrote first: decide again on what it left
      await this.relayPending(current.id);
      if (change.reclock) {
        const keep = new Set(timers.map((t) => t.id));
        await this.timers.cancelMany(allTimerIdsOf(current.id, this.offsetsHours).filter((id) => !keep.has(id)));
      }
      return this.stateOf(updated);
    }
    throw new ConflictException('the breach is being changed by others right now; try again');
  }

  /**
   * Relays the events, audit entries and timeline entries the write staged, inside the write queue
   * (their pops are updates too). A failure is left to the relays' sweeps; the write itself stands.
   */
  private async relayPending(id: string): Promise<void> {
    for (const [what, relay] of [
      ['outbox', () => this.outbox.flush(this.breaches, id)],
      ['audit', () => this.audit.flush(this.breaches, id)],
      ['timeline', () => this.timeline.chainPending(id)],
    ] as const) {
      await relay().catch((e: unknown) => this.logger.warn(`${what} of breach ${id} deferred: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  // ---------------------------------------------------------------- rules applied to a stored breach

  private deadlinesOf(b: Breach): BreachDeadline[] {
    if (b.status === 'not-a-breach') return [];
    return breachDeadlines({ awareAt: b.awareAt, role: b.role, riskLevel: b.riskLevel }, this.config.CUSTOMER_NOTICE_SLA_HOURS);
  }

  /** Deadlines still running: not met, not already missed at this due time, breach not finished. */
  private openDeadlines(b: Breach): BreachDeadline[] {
    if (isFinished(b.status)) return [];
    const obligations = this.obligationsOfBreach(b);
    return this.deadlinesOf(b).filter(
      (d) => !isDeadlineMet(d.kind, obligations) && !b.missedDeadlines.some((m) => m.kind === d.kind && m.dueAt.getTime() === d.dueAt.getTime()),
    );
  }

  private isOpenDeadline(b: Breach, p: BreachTimerPayload): boolean {
    return this.openDeadlines(b).some((d) => d.kind === p.deadline && d.dueAt.getTime() === Date.parse(p.dueAt));
  }

  private obligationsOfBreach(b: Breach): Obligation[] {
    return obligationsOf({ deadlines: this.deadlinesOf(b), riskLevel: b.riskLevel, affectedCustomerIds: b.affectedCustomerIds }, b.notifications);
  }

  private transitionFacts(b: Breach): TransitionFacts {
    const obligations = this.obligationsOfBreach(b);
    return { status: b.status, awareAt: b.awareAt, obligationsApply: obligations.length > 0, obligationsMet: obligations.every(initialSent) };
  }

  private notification(
    b: Breach,
    obligation: Obligation,
    sentAt: Date,
    sentBy: string,
    lateReason: string | undefined,
    extra: { reference?: string; content: Record<string, unknown> },
  ): NotificationRecord {
    const missedReason = b.missedDeadlines.filter((m) => m.kind === obligation.deadline && m.reason).at(-1)?.reason;
    const next = nextNotification(obligation, sentAt, lateReason, missedReason);
    return { obligation: obligation.key, ...next, sentAt, sentBy, ...(extra.reference ? { reference: extra.reference } : {}), content: extra.content };
  }

  /** The facts a create or patch sets, checked against each other and the breach as stored. */
  private checkedFacts(dto: UpdateBreachDto, current: Breach | undefined, now: Date): Partial<Breach> {
    const date = (v: string | undefined) => (v == null ? undefined : new Date(v));
    const awareAt = date(dto.awareAt) ?? current?.awareAt;
    const occurredAt = date(dto.occurredAt) ?? current?.occurredAt;
    const occurredUntil = date(dto.occurredUntil) ?? current?.occurredUntil;
    const errors: string[] = [];
    if (dto.awareAt && awareAt! > now) errors.push('awareAt must not be in the future');
    if (dto.occurredAt && occurredAt! > now) errors.push('occurredAt must not be in the future');
    if (occurredAt && awareAt && occurredAt > awareAt) errors.push('occurredAt must not be after awareAt');
    if (occurredUntil && !occurredAt) errors.push('occurredUntil needs occurredAt (the start of the window)');
    if (occurredUntil && occurredAt && occurredUntil < occurredAt) errors.push('occurredUntil must not be before occurredAt');
    // Validation lets an optional field through as null; no fact is erased that way.
    for (const [key, value] of Object.entries(dto)) if (value === null) errors.push(`${key} must not be null`);
    if (errors.length) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: errors });
    const { awareAt: _a, occurredAt: _o, occurredUntil: _u, ...rest } = dto;
    return {
      ...(rest as Partial<Breach>),
      ...(dto.awareAt ? { awareAt } : {}),
      ...(dto.occurredAt ? { occurredAt } : {}),
      ...(dto.occurredUntil ? { occurredUntil } : {}),
    };
  }

  private plainField(b: BreachDocument, key: string): unknown {
    const value = (b.toObject() as unknown as Record<string, unknown>)[key];
    return value instanceof Date ? value.toISOString() : value;
  }

  private pastOrNow(value: string | undefined, field: string): Date {
    const now = this.clock.now();
    if (!value) return now;
    const at = new Date(value);
    if (at > now) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`${field} must not be in the future`] });
    return at;
  }

  private deadlineFields(deadlines: BreachDeadline[]) {
    const dueOf = (k: BreachDeadlineKind) => iso(deadlines.find((d) => d.kind === k)?.dueAt);
    return { authorityReportDueAt: dueOf('authority-report'), customerNoticeDueAt: dueOf('customer-notice') };
  }

  /** Stored beside the facts so lists and the register need no recomputation; unset when a clock no longer applies. */
  private deadlineDates(deadlines: BreachDeadline[]): Partial<Breach> {
    const dueOf = (k: BreachDeadlineKind) => deadlines.find((d) => d.kind === k)?.dueAt ?? null;
    return { authorityReportDueAt: dueOf('authority-report'), customerNoticeDueAt: dueOf('customer-notice') } as Partial<Breach>;
  }

  private describeDeadlines(deadlines: BreachDeadline[]): string {
    return deadlines.length ? deadlines.map((d) => `${d.kind} due ${d.dueAt.toISOString()}`).join('; ') : 'none';
  }

  private timelineEntry(at: Date, actor: string, kind: string, text: string) {
    return { entryId: randomUUID(), at, actor, kind, text };
  }

  private actorOfRequest(): string {
    return requestContext.current()?.actor ?? 'system:breach-response';
  }
}
