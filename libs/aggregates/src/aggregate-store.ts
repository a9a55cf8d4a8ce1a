import { Injectable, Logger, Optional } from '@nestjs/common';
import type { Model } from 'mongoose';
import { AuditTrail } from '@forewarn/audit';
import { OutboxRelay } from '@forewarn/messaging';
import { DocumentWriteQueue, PendingArrayRelay } from '@forewarn/platform';
import { DurableTimers } from '@forewarn/scheduling';
import { AggregateChange, ChangeResult, Decide, TimerPlan, TimerPlanner, WriteEffects } from './aggregate-change';
import { StaleAggregateError } from './stale-aggregate.error';

/** How the store writes one kind of aggregate. */
export interface AggregateOptions {
  /**
   * A collection that grows with the business (customers): on FerretDB, where a filter on anything
   * besides `_id` makes an update scan the whole collection, its writes are not guarded by
   * `version`. That guard is not atomic on FerretDB anyway (it applies an update as a read and a
   * write); the write queue is what serialises writes there, with one replica per stateful
   * service. On MongoDB the guard stays. Its relays sweep it only at start (a sweep of 10,000
   * customers is a 3.5 s scan on FerretDB); entries a failed flush left go with its next write.
   */
  large?: boolean;
  /** Relays besides the outbox and the audit trail whose arrays ride on this model's documents. */
  relays?: PendingArrayRelay<any>[];
  /** Plans the aggregate's timers from its state, for changes that say `replanTimers`. */
  planTimers?: TimerPlanner<any>;
}

interface Registered {
  large: boolean;
  planTimers?: TimerPlanner<any>;
  relays: { field: string; relay: PendingArrayRelay<any> }[];
  /** The relay arrays, left out of what `decide` reads. */
  hidden: Record<string, 0>;
}

const MAX_WRITE_ATTEMPTS = 8;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The one write path for aggregates. Each write runs in the document's write queue, decides on the
 * stored state, stores the state with its events, audit entry and other staged entries in one
 * single-document update (no transactions needed, nothing separable by a crash), schedules its
 * timers before and cancels the old ones after, then relays what it staged. A failed relay is left
 * to the relays' sweeps; the write stands.
 */
@Injectable()
export class AggregateStore {
  private readonly logger = new Logger(AggregateStore.name);
  private readonly models = new Map<Model<any>, Registered>();
  private ferretDb?: Promise<boolean>;

  constructor(
    private readonly writes: DocumentWriteQueue,
    private readonly outbox: OutboxRelay,
    private readonly audit: AuditTrail,
    @Optional() private readonly timers?: DurableTimers,
  ) {}

  /** Registers a model once (in `onModuleInit`): the relays' sweeps watch its documents. */
  register(model: Model<any>, options: AggregateOptions = {}): void {
    if (this.models.has(model)) return;
    const relays = [this.outbox, this.audit, ...(options.relays ?? [])];
    for (const relay of relays) relay.track(model, { periodic: !options.large });
    this.models.set(model, {
      large: options.large ?? false,
      planTimers: options.planTimers,
      relays: relays.map((relay) => ({ field: relay.field, relay })),
      hidden: Object.fromEntries(relays.map((r) => [r.field, 0 as const])),
    });
  }

  /** The projection that leaves the relays' arrays out of a read. */
  withoutStaged(model: Model<any>): Record<string, 0> {
    return this.registered(model).hidden;
  }

  /** The aggregate as stored, without the relays' arrays; null when there is none. */
  get<T>(model: Model<any>, id: unknown): Promise<T | null> {
    return model.findById(id, this.registered(model).hidden).exec() as Promise<T | null>;
  }

  /** Inserts a new aggregate with its effects. A duplicate `_id` or unique field throws (the caller says what it means). */
  async create<T extends { _id: unknown }>(model: Model<any>, doc: T, effects: WriteEffects = {}): Promise<T> {
    this.registered(model); // an unregistered model is a bug: refuse before writing anything
    await this.scheduleTimers(effects);
    await this.writes.run(model, doc._id, async () => {
      await model.create({ ...doc, version: 0, ...this.stagedArrays(effects) });
      await this.relay(model, doc._id);
    });
    await this.cancelTimers(effects);
    return doc;
  }

  /**
   * Decides on the stored aggregate and writes what was decided. `undefined` from `decide` writes
   * nothing. With a version guard, a write another writer beat is decided again on the new state.
   * A missing aggregate gives `undefined`.
   */
  async change<T>(model: Model<any>, id: unknown, decide: Decide<T>): Promise<ChangeResult<T> | undefined> {
    const reg = this.registered(model);
    return this.writes.run(model, id, async () => {
      // Set once an attempt scheduled timers and then lost the race: they may have moved the
      // winner's, so if nothing is written in the end they are planned again from what is stored.
      let plannedForLoser = false;
      const putBack = async (stored: T | null) => {
        if (plannedForLoser && stored && reg.planTimers) await this.scheduleTimers({ timers: { schedule: reg.planTimers(stored, stored).schedule } });
      };
      for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
        const current = (await model.findById(id, reg.hidden).exec()) as (T & { _id: unknown; version?: number; toObject(): object }) | null;
        if (!current) return undefined;
        let change: AggregateChange | undefined;
        try {
          change = decide(current);
        } catch (error) {
          await putBack(current);
          throw error;
        }
        if (!change) {
          await putBack(current);
          return { aggregate: current, changed: false };
        }
        const effects = { ...change, timers: this.timerPlanOf(reg, current, change) };
        await this.scheduleTimers(effects);
        const written = await this.write(model, reg, current, effects);
        if (!written) {
          plannedForLoser ||= !!effects.timers?.schedule?.length;
          continue; // another writer (another replica) got in first: decide again
        }
        await this.relay(model, id);
        await this.cancelTimers(effects);
        return { aggregate: written as T, changed: true };
      }
      throw new StaleAggregateError(`${model.modelName} ${String(id)}`);
    });
  }

  /** The change's own timers plus, when it asks, the model's plan for the state it leads to. */
  private timerPlanOf(reg: Registered, current: { toObject(): object }, change: AggregateChange): TimerPlan | undefined {
    if (!change.replanTimers) return change.timers;
    if (!reg.planTimers) throw new Error('replanTimers needs a timer planner registered for the model');
    const plan = reg.planTimers(current, { ...current.toObject(), ...change.set });
    return {
      schedule: [...(change.timers?.schedule ?? []), ...(plan.schedule ?? [])],
      cancel: [...(change.timers?.cancel ?? []), ...(plan.cancel ?? [])],
    };
  }

  private async write(model: Model<any>, reg: Registered, current: { _id: unknown; version?: number }, change: AggregateChange): Promise<unknown> {
    const push: Record<string, unknown> = {};
    for (const [field, values] of Object.entries({ ...change.append, ...this.stagedArrays(change) })) {
      if (values.length) push[field] = { $each: values };
    }
    const update = {
      ...(change.set && Object.keys(change.set).length ? { $set: change.set } : {}),
      ...(Object.keys(push).length ? { $push: push } : {}),
      $inc: { version: 1 },
    };
    // A document written before versions existed has none: `null` matches a missing field.
    const guarded = !(reg.large && (await this.isFerretDb(model)));
    const filter = guarded ? { _id: current._id, version: current.version ?? null } : { _id: current._id };
    // No projection: FerretDB's findAndModify refuses one.
    return model.findOneAndUpdate(filter, update, { new: true }).exec();
  }

  private isFerretDb(model: Model<any>): Promise<boolean> {
    this.ferretDb ??= model.db
      .db!.admin()
      .command({ buildInfo: 1 })
      .then((info) => 'ferretdbVersion' in info);
    return this.ferretDb;
  }

  private stagedArrays(effects: WriteEffects): Record<string, unknown[]> {
    return {
      ...(effects.events?.length ? { [this.outbox.field]: effects.events } : {}),
      ...(effects.audit ? { [this.audit.field]: [this.audit.stage(effects.audit)] } : {}),
      ...effects.staged,
    };
  }

  /** Relays what the write staged, inside its run (the relays' pops join it). */
  private async relay(model: Model<any>, id: unknown): Promise<void> {
    for (const { field, relay } of this.registered(model).relays) {
      await relay.flush(model, id).catch((e: unknown) => this.logger.warn(`${field} of ${model.collection.name} ${String(id)} deferred to the sweep: ${messageOf(e)}`));
    }
  }

  private async scheduleTimers(effects: WriteEffects): Promise<void> {
    if (effects.timers?.schedule?.length) await this.requireTimers().scheduleMany(effects.timers.schedule);
  }

  private async cancelTimers(effects: WriteEffects): Promise<void> {
    if (effects.timers?.cancel?.length) await this.requireTimers().cancelMany(effects.timers.cancel);
  }

  private requireTimers(): DurableTimers {
    if (!this.timers) throw new Error('this service has no SchedulingModule, so its writes cannot plan timers');
    return this.timers;
  }

  private registered(model: Model<any>): Registered {
    const reg = this.models.get(model);
    if (!reg) throw new Error(`${model.modelName} is not registered with the AggregateStore (call register in onModuleInit)`);
    return reg;
  }
}
