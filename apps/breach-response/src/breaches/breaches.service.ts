import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { BreachEventTypes } from '@forewarn/contracts';
import { EventStager } from '@forewarn/messaging';
import { Clock } from '@forewarn/platform';
import { CreateBreachDto, UpdateBreachDto } from './breach.dto';
import { breachEventPayloads as payloads } from './breach-event-payloads';
import { BreachReferences } from './breach-references';
import { Breach, BreachDocument, MissedDeadline } from './breach.schema';
import { BreachTimerPayload, timersFor } from './breach-timers';
import { BreachState, BreachWrites } from './breach-writes';
import { breachFactsOf, deadlineDates, deadlinesOf, describeDeadlines, isOpenDeadline, transitionFactsOf } from './domain/breach-rules';
import { BreachStatus, checkTransition, isFinished } from './domain/breach-status';

export type { BreachState } from './breach-writes';

const FACTS_THAT_MOVE_CLOCKS = ['awareAt', 'role', 'riskLevel', 'affectedCustomerIds'] as const;

/**
 * A breach's life: logging it, changing its facts, moving it through its states, its reminders
 * and missed deadlines, notes on its timeline. Each use case decides on the breach as stored what
 * to set and which events, timeline entries and audit entry go with it; `BreachWrites` stores
 * them together. Who was told is `BreachNotificationsService`.
 */
@Injectable()
export class BreachesService {
  constructor(
    private readonly writes: BreachWrites,
    private readonly references: BreachReferences,
    private readonly events: EventStager,
    private readonly clock: Clock,
  ) {}

  async report(dto: CreateBreachDto, actor: string): Promise<BreachState> {
    const now = this.clock.now();
    const id = new Types.ObjectId();
    const breachId = id.toHexString();
    const draft = {
      _id: id,
      ...breachFactsOf(dto, undefined, now),
      cyberIncident: dto.cyberIncident ?? 'unknown',
      staffInvolved: dto.staffInvolved ?? 'unknown',
      staffTrained: dto.staffTrained ?? 'unknown',
      crossBorderProcessing: dto.crossBorderProcessing ?? 'unknown',
      otherAuthorities: dto.otherAuthorities ?? [],
      otherBodies: dto.otherBodies ?? [],
      status: 'reported' as const,
      reportedAt: now,
      reportedBy: actor,
      updatedAt: now,
      customerNoticeSlaHours: this.writes.slaHours,
      notifications: [],
      customerNotices: [],
      missedDeadlines: [],
      escalations: [],
    } as unknown as Breach & { _id: Types.ObjectId };
    draft.reference = await this.references.claim(now.getUTCFullYear(), breachId);
    const deadlines = deadlinesOf(draft, this.writes.slaHours);
    await this.writes.store.create(
      this.writes.breaches,
      { ...draft, ...deadlineDates(deadlines) },
      {
        events: [this.events.stage(BreachEventTypes.reported, payloads.reported({ ...draft, id: breachId }, deadlines, now))],
        audit: { action: 'breach.reported', entityType: 'breach', entityId: breachId, summary: draft.reference },
        staged: { timelinePending: [this.writes.timelineEntry(now, 'reported', `Breach ${draft.reference} logged: ${draft.title}`)] },
        timers: { schedule: timersFor(breachId, deadlines, this.writes.offsetsHours, now) },
      },
    );
    return this.get(breachId);
  }

  async update(idOrReference: string, dto: UpdateBreachDto): Promise<BreachState> {
    return this.writes.change(idOrReference, (b) => {
      const now = this.clock.now();
      const facts = breachFactsOf(dto, b, now);
      const changed = Object.keys(dto).filter((k) => JSON.stringify((dto as Record<string, unknown>)[k]) !== JSON.stringify(plainField(b, k)));
      if (changed.length === 0) return undefined;
      const next = { ...b.toObject(), ...facts } as Breach;
      const clocksMoved = FACTS_THAT_MOVE_CLOCKS.some((k) => changed.includes(k));
      const deadlines = deadlinesOf(next, this.writes.slaHours);
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
    return this.writes.change(idOrReference, (b) => {
      const now = this.clock.now();
      checkTransition(transitionFactsOf(b, this.writes.slaHours), to, reason);
      return {
        set: { status: to, ...(reason ? { statusReason: reason } : {}), ...(isFinished(to) ? { closedAt: now } : {}) },
        events: isFinished(to) ? [this.events.stage(BreachEventTypes.closed, payloads.closed(b, to, reason, now))] : [],
        replanTimers: isFinished(to),
        timeline: [{ kind: 'status', text: `Status ${b.status} → ${to}${reason ? `: ${reason}` : ''}` }],
        audit: { action: 'breach.transitioned', entityType: 'breach', entityId: b.id, summary: `${b.status} → ${to}`, changes: { to, reason } },
      };
    });
  }

  /** An escalation timer fired: remind responders, unless the deadline moved, was met, or this reminder went out already. */
  async escalate(p: BreachTimerPayload): Promise<void> {
    await this.writes.changeIfExists(p.breachId, (b) => {
      if (!isOpenDeadline(b, this.writes.slaHours, p.deadline, p.dueAt)) return undefined;
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
    await this.writes.changeIfExists(p.breachId, (b) => {
      const now = this.clock.now();
      if (!isOpenDeadline(b, this.writes.slaHours, p.deadline, p.dueAt) || now.getTime() < Date.parse(p.dueAt)) return undefined;
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
    const { breach } = await this.writes.change(idOrReference, (b) => ({
      timeline: [{ kind: 'note', text }],
      audit: { action: 'breach.note-added', entityType: 'breach', entityId: b.id, summary: text.slice(0, 200) },
    }));
    return breach.id;
  }

  list(status?: BreachStatus): Promise<BreachState[]> {
    return this.writes.list(status);
  }

  async get(idOrReference: string): Promise<BreachState> {
    return this.writes.stateOf(await this.writes.find(idOrReference));
  }

  find(idOrReference: string): Promise<BreachDocument> {
    return this.writes.find(idOrReference);
  }
}

function plainField(b: BreachDocument, key: string): unknown {
  const value = (b.toObject() as unknown as Record<string, unknown>)[key];
  return value instanceof Date ? value.toISOString() : value;
}
