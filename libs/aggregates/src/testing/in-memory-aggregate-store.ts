import type { AuditRecord } from '@forewarn/audit';
import type { PendingEvent } from '@forewarn/messaging';
import type { TimerSpec } from '@forewarn/scheduling';
import type { AggregateChange, ChangeResult, Decide, TimerPlanner, WriteEffects } from '../aggregate-change';
import type { AggregateOptions } from '../aggregate-store';

type Stored = Record<string, unknown> & { _id: unknown };
type ModelLike = { modelName: string };

/**
 * The aggregate store's seam for use-case specs: the same calls, kept in memory, with what each
 * write published, audited, staged and scheduled laid out for assertions. Documents come back
 * with `id` and `toObject()`, as mongoose documents do.
 */
export class InMemoryAggregateStore {
  readonly events: PendingEvent[] = [];
  readonly audit: AuditRecord[] = [];
  readonly staged: Record<string, unknown[]> = {};
  /** Pending timers by id, as DurableTimers would hold them. */
  readonly timers = new Map<string, TimerSpec>();
  private readonly docs = new Map<string, Map<string, Stored>>();
  private readonly planners = new Map<string, TimerPlanner<any>>();

  register(model: ModelLike, options: AggregateOptions = {}): void {
    if (options.planTimers) this.planners.set(model.modelName, options.planTimers);
  }

  withoutStaged(): Record<string, 0> {
    return {};
  }

  async get<T>(model: ModelLike, id: unknown): Promise<T | null> {
    const doc = this.collection(model).get(String(id));
    return doc ? (documentOf(doc) as T) : null;
  }

  async create<T extends { _id: unknown }>(model: ModelLike, doc: T, effects: WriteEffects = {}): Promise<T> {
    const docs = this.collection(model);
    if (docs.has(String(doc._id))) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
    docs.set(String(doc._id), copy({ ...doc, version: 0 }) as Stored);
    this.apply(effects);
    return doc;
  }

  async change<T>(model: ModelLike, id: unknown, decide: Decide<T>): Promise<ChangeResult<T> | undefined> {
    const stored = this.collection(model).get(String(id));
    if (!stored) return undefined;
    const current = documentOf(stored);
    const change = decide(current as T);
    if (!change) return { aggregate: current as T, changed: false };
    const next: Stored = copy({ ...stored, ...change.set, version: ((stored.version as number) ?? 0) + 1 }) as Stored;
    for (const [field, values] of Object.entries(change.append ?? {})) next[field] = [...((stored[field] as unknown[]) ?? []), ...copy(values)];
    this.apply({ ...change, timers: this.planOf(model, current, change) });
    this.collection(model).set(String(id), next);
    return { aggregate: documentOf(next) as T, changed: true };
  }

  /** Timers due at or before `at`, soonest first. */
  timersDueBy(at: Date): TimerSpec[] {
    return [...this.timers.values()].filter((t) => t.dueAt <= at).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  eventTypes(): string[] {
    return this.events.map((e) => e.event.type);
  }

  private planOf(model: ModelLike, current: { toObject(): object }, change: AggregateChange) {
    const planner = this.planners.get(model.modelName);
    if (!change.replanTimers || !planner) return change.timers;
    const plan = planner(current, { ...current.toObject(), ...change.set });
    return { schedule: [...(change.timers?.schedule ?? []), ...(plan.schedule ?? [])], cancel: [...(change.timers?.cancel ?? []), ...(plan.cancel ?? [])] };
  }

  private apply(effects: WriteEffects): void {
    this.events.push(...(effects.events ?? []));
    if (effects.audit) this.audit.push(effects.audit);
    for (const [field, entries] of Object.entries(effects.staged ?? {})) (this.staged[field] ??= []).push(...entries);
    for (const timer of effects.timers?.schedule ?? []) this.timers.set(timer.id, timer);
    for (const id of effects.timers?.cancel ?? []) this.timers.delete(id);
  }

  private collection(model: ModelLike): Map<string, Stored> {
    let docs = this.docs.get(model.modelName);
    if (!docs) this.docs.set(model.modelName, (docs = new Map()));
    return docs;
  }
}

/** A deep copy that keeps dates and BSON values (ObjectId) as they are. */
function copy<V>(value: V): V {
  if (Array.isArray(value)) return value.map(copy) as V;
  if (value === null || typeof value !== 'object' || value instanceof Date || '_bsontype' in value) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as V;
}

function documentOf(doc: Stored) {
  const plain = copy(doc);
  return Object.assign(copy(doc), { id: String(doc._id), toObject: () => copy(plain) });
}
