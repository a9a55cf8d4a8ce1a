import { Inject, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { Model } from 'mongoose';
import { AggregateChange, AggregateStore } from '@forewarn/aggregates';
import { Clock, requestContext, SERVICE_CONFIG } from '@forewarn/platform';
import { BreachConfig } from '../breach.config';
import { TimelineService } from '../timeline/timeline.service';
import { BreachReferences } from './breach-references';
import { Breach, BreachDocument, PendingTimelineEntry } from './breach.schema';
import { allTimerIdsOf, timersFor } from './breach-timers';
import { BreachDeadline, parseOffsetsHours } from './domain/breach-deadlines';
import { Obligation } from './domain/breach-obligations';
import { deadlinesOf, obligationsOfBreach, openDeadlines, transitionFactsOf } from './domain/breach-rules';
import { allowedTransitions, BreachStatus } from './domain/breach-status';

/** A breach as the rules see it right now: its clocks, its obligations and where it may go. */
export interface BreachState {
  breach: BreachDocument;
  deadlines: BreachDeadline[];
  obligations: Obligation[];
  allowed: BreachStatus[];
}

/** What one use case decides about a breach; the store writes it with its events, audit entry and timeline entries. */
export interface BreachDecision extends Omit<AggregateChange, 'staged' | 'timers' | 'audit'> {
  audit: NonNullable<AggregateChange['audit']>;
  timeline: { kind: string; text: string }[];
}

/**
 * Reading breaches and writing them through the `AggregateStore`: the breach's relays (its
 * timeline), its timer planner (escalations and deadline timers of the deadlines still open),
 * and the breach's settings the rules need (the SLA of breaches logged before it was frozen on
 * them, the escalation offsets). The use cases live in the services beside it.
 */
@Injectable()
export class BreachWrites implements OnModuleInit {
  readonly offsetsHours: number[];
  readonly slaHours: number;

  constructor(
    @InjectModel(Breach.name) readonly breaches: Model<Breach>,
    private readonly references: BreachReferences,
    readonly store: AggregateStore,
    private readonly timeline: TimelineService,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: BreachConfig,
  ) {
    this.offsetsHours = parseOffsetsHours(config.ESCALATION_OFFSETS_HOURS)!;
    this.slaHours = config.CUSTOMER_NOTICE_SLA_HOURS;
  }

  onModuleInit(): void {
    this.store.register(this.breaches, {
      relays: [this.timeline],
      planTimers: (before: BreachDocument, after: Breach) => {
        const id = String(before._id);
        const schedule = timersFor(id, openDeadlines(after, this.slaHours), this.offsetsHours, this.clock.now());
        const keep = new Set(schedule.map((t) => t.id));
        return { schedule, cancel: allTimerIdsOf(id, this.offsetsHours).filter((t) => !keep.has(t)) };
      },
    });
  }

  /** Decides on the breach as stored and writes the decision; 404 for an unknown id or reference. */
  async change(idOrReference: string, decide: (b: BreachDocument) => BreachDecision | undefined): Promise<BreachState> {
    const id = await this.idOf(idOrReference);
    const result = id ? await this.store.change<BreachDocument>(this.breaches, id, (b) => this.written(decide(b))) : undefined;
    if (!result) throw new NotFoundException(`breach ${idOrReference} does not exist`);
    return this.stateOf(result.aggregate);
  }

  /** For timers and events: a breach that is gone has nothing left to do. */
  async changeIfExists(breachId: string, decide: (b: BreachDocument) => BreachDecision | undefined): Promise<void> {
    await this.store.change<BreachDocument>(this.breaches, breachId, (b) => this.written(decide(b)));
  }

  async list(status?: BreachStatus): Promise<BreachState[]> {
    const found = await this.breaches.find(status ? { status } : {}, this.store.withoutStaged(this.breaches)).sort({ reportedAt: -1 }).exec();
    return found.map((b) => this.stateOf(b));
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

  timelineEntry(at: Date, kind: string, text: string): PendingTimelineEntry {
    return { entryId: randomUUID(), at, actor: actorOfRequest(), kind, text };
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
}

export function actorOfRequest(): string {
  return requestContext.current()?.actor ?? 'system:breach-response';
}
