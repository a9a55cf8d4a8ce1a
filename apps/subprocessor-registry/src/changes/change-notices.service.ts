import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AuditRecord, AuditTrail } from '@forewarn/audit';
import {
  SubprocessorChangeAnnounced,
  SubprocessorChangeCancelled,
  SubprocessorChangeEffective,
  SubprocessorChangeEventTypes,
  SubprocessorChangeReminderDue,
  SubprocessorChangeRescheduled,
} from '@forewarn/contracts';
import { EventStager, OutboxRelay } from '@forewarn/messaging';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import { DurableTimers, FiredTimer } from '@forewarn/scheduling';
import { ListVersionsService } from '../list-versions/list-versions.service';
import { ObjectionsService } from '../objections/objections.service';
import { RegistryConfig } from '../registry.config';
import { snapshotOf } from '../subprocessors/subprocessor.dto';
import { SubprocessorsService } from '../subprocessors/subprocessors.service';
import { AggregateWrites } from '../aggregate-writes';
import { ChangeNoticeView, changeViewOf, CreateChangeNoticeDto, RescheduleChangeDto } from './change-notice.dto';
import { ChangeHistoryEntry, ChangeNotice, ChangeNoticeDocument } from './change-notice.schema';
import {
  announce,
  cancel,
  ChangeStateError,
  ChangeStatus,
  checkChangeTargets,
  checkProposed,
  isDue,
  NoticePeriodNotMetError,
  reschedule,
} from './domain/change-notice';
import { ChangeTimer, EFFECTIVE_TIMER, parseReminderOffsets, REMINDER_TIMER, timersOf } from './domain/change-timers';
import { ChangeMoment, recordTransitionsOf } from './domain/record-transitions';
import { NoticePeriod } from './domain/notice-period';

const withoutInternals = { outbox: 0, auditPending: 0 } as const;

/** What a change's timers carry: enough to tell whether the change still wants them. */
interface ChangeTimerPayload {
  changeId: string;
  effectiveAt: string;
  daysBefore?: number;
}

@Injectable()
export class ChangeNoticesService implements OnModuleInit {
  private readonly logger = new Logger(ChangeNoticesService.name);
  private readonly noticePeriod: NoticePeriod;
  private readonly reminderOffsets: number[];
  private readonly systemActor: string;

  constructor(
    @InjectModel(ChangeNotice.name) private readonly changes: Model<ChangeNotice>,
    private readonly subprocessors: SubprocessorsService,
    private readonly objections: ObjectionsService,
    private readonly listVersions: ListVersionsService,
    private readonly timers: DurableTimers,
    private readonly events: EventStager,
    private readonly outbox: OutboxRelay,
    private readonly audit: AuditTrail,
    private readonly writes: AggregateWrites,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: RegistryConfig,
  ) {
    this.noticePeriod = new NoticePeriod(config.NOTICE_PERIOD_DAYS);
    this.reminderOffsets = parseReminderOffsets(config.REMINDER_OFFSETS_DAYS);
    this.systemActor = 'system:subprocessor-registry';
  }

  onModuleInit(): void {
    this.outbox.track(this.changes);
    this.audit.track(this.changes);
    this.timers.handle(REMINDER_TIMER, (t) => this.remind(t));
    this.timers.handle(EFFECTIVE_TIMER, (t) => this.takeEffect(t));
  }

  /** A draft; its date is checked now too, since announcing it could never succeed otherwise. */
  async draft(dto: CreateChangeNoticeDto, actor: string): Promise<ChangeNoticeDocument> {
    const subprocessor = await this.subprocessors.get(dto.subprocessorId);
    const replaced = dto.replacesSubprocessorId ? await this.subprocessors.get(dto.replacesSubprocessorId) : undefined;
    checkChangeTargets(
      dto.kind,
      { id: subprocessor.id as string, status: subprocessor.status },
      replaced && { id: replaced.id as string, status: replaced.status },
    );
    const proposed = dto.proposed ? Object.fromEntries(Object.entries(dto.proposed).filter(([, v]) => v !== undefined)) : undefined;
    checkProposed(dto.kind, proposed);
    const now = this.clock.now();
    const effectiveAt = new Date(dto.effectiveAt);
    if (!this.noticePeriod.isMet(now, effectiveAt)) {
      throw new NoticePeriodNotMetError(this.noticePeriod.earliestEffectiveAt(now), this.noticePeriod.days);
    }
    const _id = new Types.ObjectId();
    return this.writes.run(this.changes, _id, () =>
      this.changes.create({
        _id,
        kind: dto.kind,
        subprocessorId: subprocessor._id,
        replacesSubprocessorId: replaced?._id,
        summary: dto.summary,
        ...(proposed ? { proposed } : {}),
        status: 'draft',
        effectiveAt,
        history: [{ action: 'drafted', at: now, by: actor, effectiveAt }],
        createdAt: now,
        createdBy: actor,
        auditPending: [this.auditOf(_id.toString(), 'drafted', `${dto.kind} of ${subprocessor.name}`, { ...dto })],
      }),
    );
  }

  /**
   * Starts the notice period: the change shows on the public list at once and the announced
   * event, stored in the same update, tells the notification service to email every customer.
   * Its timers are scheduled first: if the write then fails they fire into a no-op.
   */
  async announce(id: string, actor: string): Promise<ChangeNoticeDocument> {
    const change = await this.get(id);
    const subprocessor = await this.subprocessors.get(change.subprocessorId);
    const replaced = change.replacesSubprocessorId ? await this.subprocessors.get(change.replacesSubprocessorId) : undefined;
    const now = this.clock.now();
    const announcement = announce(
      { status: change.status, effectiveAt: change.effectiveAt, kind: change.kind, incoming: subprocessor },
      now,
      this.noticePeriod,
    );
    // The records may have moved on since the draft (another change took effect).
    checkChangeTargets(
      change.kind,
      { id: subprocessor.id as string, status: subprocessor.status },
      replaced && { id: replaced.id as string, status: replaced.status },
    );
    const timers = timersOf(id, announcement.effectiveAt, this.reminderOffsets, now);
    await this.schedule(timers, id, announcement.effectiveAt);
    const frozen = { subprocessor: snapshotOf(subprocessor), ...(replaced ? { replacesSubprocessor: snapshotOf(replaced) } : {}) };
    const event: SubprocessorChangeAnnounced = {
      ...this.eventBase({ ...change.toObject(), ...frozen, announcedAt: now }),
      noticePeriodDays: announcement.noticePeriodDays,
    };
    const updated = await this.writes.run(this.changes, change._id, () =>
      this.changes.findOneAndUpdate(
        { _id: change._id, status: 'draft' },
        {
          $set: {
            status: 'announced' satisfies ChangeStatus,
            announcedAt: now,
            announcedBy: actor,
            noticePeriodDays: announcement.noticePeriodDays,
            timerIds: timers.map((t) => t.id),
            ...frozen,
          },
          $push: {
            outbox: this.events.stage(SubprocessorChangeEventTypes.announced, event),
            history: { action: 'announced', at: now, by: actor, effectiveAt: change.effectiveAt } satisfies ChangeHistoryEntry,
            auditPending: this.auditOf(id, 'announced', `effective ${event.effectiveAt}`, { effectiveAt: event.effectiveAt }),
          },
        },
        { new: true },
      ),
    );
    // Another request announced it between our read and our write.
    if (!updated) throw new ChangeStateError((await this.get(id)).status, 'announced');
    await this.afterWrite(updated, 'announced', actor, {});
    return updated;
  }

  /** Moves the date within the rule; the timers move first, the ones no longer needed go after. */
  async reschedule(id: string, dto: RescheduleChangeDto, actor: string): Promise<ChangeNoticeDocument> {
    const change = await this.get(id);
    const now = this.clock.now();
    const moved = reschedule(change, new Date(dto.effectiveAt), now, this.noticePeriod);
    if (!moved) return change;
    const timers = timersOf(id, moved.effectiveAt, this.reminderOffsets, now);
    await this.schedule(timers, id, moved.effectiveAt);
    const event: SubprocessorChangeRescheduled = {
      ...this.eventBase({ ...change.toObject(), effectiveAt: moved.effectiveAt }),
      previousEffectiveAt: moved.previousEffectiveAt.toISOString(),
      rescheduledAt: now.toISOString(),
      ...(dto.reason ? { reason: dto.reason } : {}),
    };
    const updated = await this.writes.run(this.changes, change._id, () =>
      this.changes.findOneAndUpdate(
        { _id: change._id, status: 'announced', effectiveAt: change.effectiveAt },
        {
          $set: { effectiveAt: moved.effectiveAt, timerIds: timers.map((t) => t.id) },
          $push: {
            outbox: this.events.stage(SubprocessorChangeEventTypes.rescheduled, event),
            history: {
              action: 'rescheduled',
              at: now,
              by: actor,
              effectiveAt: moved.effectiveAt,
              previousEffectiveAt: moved.previousEffectiveAt,
              ...(dto.reason ? { reason: dto.reason } : {}),
            } satisfies ChangeHistoryEntry,
            auditPending: this.auditOf(id, 'rescheduled', `from ${event.previousEffectiveAt} to ${event.effectiveAt}`, {
              effectiveAt: event.effectiveAt,
              previousEffectiveAt: event.previousEffectiveAt,
              reason: dto.reason,
            }),
          },
        },
        { new: true },
      ),
    );
    if (!updated) {
      // Someone else moved, cancelled or applied it meanwhile: put the timers back as that change left them.
      const current = await this.get(id);
      if (current.status === 'announced') await this.schedule(timersOf(id, current.effectiveAt, this.reminderOffsets, now), id, current.effectiveAt);
      throw new ConflictException(`change ${id} changed meanwhile (now ${current.status}, effective ${current.effectiveAt.toISOString()}); read it again`);
    }
    const kept = new Set(updated.timerIds);
    await this.timers.cancelMany(change.timerIds.filter((t) => !kept.has(t)));
    await this.afterWrite(updated, 'rescheduled', actor, {
      previousEffectiveAt: event.previousEffectiveAt,
      ...(dto.reason ? { reason: dto.reason } : {}),
    });
    return updated;
  }

  /** Calls a change off. An announced one tells customers (the cancelled event) and leaves the list's upcoming changes. */
  async cancel(id: string, reason: string, actor: string): Promise<ChangeNoticeDocument> {
    const change = await this.get(id);
    const now = this.clock.now();
    const { wasAnnounced } = cancel(change, now);
    const event: SubprocessorChangeCancelled | undefined = wasAnnounced
      ? { ...this.eventBase(change.toObject()), cancelledAt: now.toISOString(), reason }
      : undefined;
    const updated = await this.writes.run(this.changes, change._id, () =>
      this.changes.findOneAndUpdate(
        { _id: change._id, status: change.status, effectiveAt: change.effectiveAt },
        {
          $set: { status: 'cancelled' satisfies ChangeStatus, cancelledAt: now, cancelReason: reason },
          $push: {
            ...(event ? { outbox: this.events.stage(SubprocessorChangeEventTypes.cancelled, event) } : {}),
            history: { action: 'cancelled', at: now, by: actor, reason } satisfies ChangeHistoryEntry,
            auditPending: this.auditOf(id, 'cancelled', reason, { reason }),
          },
        },
        { new: true },
      ),
    );
    if (!updated) throw new ConflictException(`change ${id} changed meanwhile (now ${(await this.get(id)).status}); read it again`);
    await this.timers.cancelMany(change.timerIds);
    if (wasAnnounced) await this.afterWrite(updated, 'cancelled', actor, { reason });
    return updated;
  }

  /**
   * A reminder timer fired. It publishes `reminder-due` once per offset and date: the conditional
   * update lets one firing win even if several replicas or retries run it.
   */
  async remind(timer: FiredTimer): Promise<void> {
    const payload = timer.payload as unknown as ChangeTimerPayload;
    const change = await this.changes.findById(payload.changeId, withoutInternals).exec();
    if (change?.status !== 'announced') return;
    // Its date has come too (after downtime, or a clock jump): the effective event tells customers
    // more than a reminder would, and another replica may be writing that transition right now.
    if (isDue(change, this.clock.now())) return;
    if (change.effectiveAt.toISOString() !== payload.effectiveAt) {
      // The change moved after this timer was set: the reschedule moved the timer too, but make sure.
      const due = timersOf(change.id as string, change.effectiveAt, [payload.daysBefore!], this.clock.now());
      await this.schedule(due.filter((t) => t.kind === REMINDER_TIMER), change.id as string, change.effectiveAt);
      return;
    }
    const sent = `${payload.daysBefore}d@${payload.effectiveAt}`;
    const event: SubprocessorChangeReminderDue = { ...this.eventBase(change.toObject()), daysBefore: payload.daysBefore! };
    await this.writes.run(this.changes, change._id, () =>
      this.changes.updateOne(
        { _id: change._id, status: 'announced', effectiveAt: change.effectiveAt, remindersSent: { $ne: sent } },
        {
          $addToSet: { remindersSent: sent },
          $push: {
            outbox: this.events.stage(SubprocessorChangeEventTypes.reminderDue, event),
            auditPending: this.auditOf(change.id as string, 'reminder-due', `${payload.daysBefore} days before ${payload.effectiveAt}`),
          },
        },
      ),
    );
  }

  /**
   * The effective timer fired. The records are changed first (each step at most once), then the
   * change becomes `effective` with its event in one conditional write that only one firing wins.
   */
  async takeEffect(timer: FiredTimer): Promise<void> {
    const { changeId } = timer.payload as unknown as ChangeTimerPayload;
    const change = await this.changes.findById(changeId, withoutInternals).exec();
    if (change?.status !== 'announced') return;
    const now = this.clock.now();
    if (!isDue(change, now)) {
      this.logger.debug(`change ${changeId}: effective timer fired at ${now.toISOString()}, before ${change.effectiveAt.toISOString()}; set again`);
      await this.schedule(timersOf(changeId, change.effectiveAt, [], now), changeId, change.effectiveAt);
      return;
    }
    await this.applyRecords(change, 'effective', this.systemActor);
    const event: SubprocessorChangeEffective = { ...this.eventBase(change.toObject()), appliedAt: now.toISOString() };
    const updated = await this.writes.run(this.changes, change._id, () =>
      this.changes.findOneAndUpdate(
        { _id: change._id, status: 'announced', effectiveAt: change.effectiveAt },
        {
          $set: { status: 'effective' satisfies ChangeStatus, appliedAt: now },
          $push: {
            outbox: this.events.stage(SubprocessorChangeEventTypes.effective, event),
            history: { action: 'effective', at: now, by: this.systemActor, effectiveAt: change.effectiveAt } satisfies ChangeHistoryEntry,
            auditPending: this.auditOf(changeId, 'effective', `applied at ${event.appliedAt}`),
          },
        },
        { new: true },
      ),
    );
    if (!updated) {
      this.logger.debug(`change ${changeId}: another firing applied it first`);
      return;
    }
    await this.bumpList(updated, 'effective', {});
  }

  list(status?: ChangeStatus): Promise<ChangeNoticeDocument[]> {
    return this.changes.find(status ? { status } : {}, withoutInternals).sort({ effectiveAt: 1, _id: 1 }).exec();
  }

  async get(id: Types.ObjectId | string): Promise<ChangeNoticeDocument> {
    const found = await this.changes.findById(id, withoutInternals).exec();
    if (!found) throw new NotFoundException(`change ${String(id)} does not exist`);
    return found;
  }

  /** The compliance team's views: each change with its objections and their count. */
  async views(changes: ChangeNoticeDocument[]): Promise<ChangeNoticeView[]> {
    const objections = await this.objections.byChange(changes.length === 1 ? [changes[0].id as string] : undefined);
    return changes.map((c) => changeViewOf(c, objections.get(c.id as string) ?? []));
  }

  private async schedule(timers: ChangeTimer[], changeId: string, effectiveAt: Date): Promise<void> {
    await this.timers.scheduleMany(
      timers.map((t) => {
        const payload: ChangeTimerPayload = { changeId, effectiveAt: effectiveAt.toISOString(), ...(t.daysBefore ? { daysBefore: t.daysBefore } : {}) };
        return { id: t.id, kind: t.kind, dueAt: t.dueAt, payload: { ...payload } };
      }),
    );
  }

  /** After a state write (its event and audit entry relayed): step the records, record the list's new version. */
  private async afterWrite(change: ChangeNoticeDocument, moment: ChangeMoment | 'rescheduled', actor: string, extra: { previousEffectiveAt?: string; reason?: string }) {
    if (moment !== 'rescheduled') await this.applyRecords(change, moment, actor);
    await this.bumpList(change, moment, extra);
  }

  private async applyRecords(change: ChangeNoticeDocument, moment: ChangeMoment, actor: string): Promise<void> {
    const steps = recordTransitionsOf(
      {
        kind: change.kind,
        subprocessorId: change.subprocessorId.toString(),
        replacesSubprocessorId: change.replacesSubprocessorId?.toString(),
        proposed: change.proposed,
      },
      moment,
    );
    for (const step of steps) await this.subprocessors.applyTransition(step, change.id as string, moment, actor);
  }

  private async bumpList(change: ChangeNoticeDocument, action: 'announced' | 'rescheduled' | 'cancelled' | 'effective', extra: { previousEffectiveAt?: string; reason?: string }) {
    await this.listVersions.bump({
      action,
      changeId: change.id as string,
      kind: change.kind,
      subprocessorName: change.subprocessor?.name,
      summary: change.summary,
      effectiveAt: change.effectiveAt.toISOString(),
      ...extra,
    });
  }

  private eventBase(change: Pick<ChangeNotice, 'kind' | 'summary' | 'effectiveAt' | 'announcedAt' | 'subprocessor' | 'replacesSubprocessor' | 'proposed'> & { _id: Types.ObjectId }) {
    return {
      changeId: change._id.toString(),
      kind: change.kind,
      subprocessor: change.subprocessor!,
      ...(change.replacesSubprocessor ? { replacesSubprocessor: change.replacesSubprocessor } : {}),
      summary: change.summary,
      announcedAt: change.announcedAt!.toISOString(),
      effectiveAt: change.effectiveAt.toISOString(),
      ...(change.proposed && Object.keys(change.proposed).length ? { proposed: change.proposed } : {}),
    };
  }

  private auditOf(changeId: string, action: string, summary?: string, changes?: Record<string, unknown>) {
    const record: AuditRecord = { action: `change.${action}`, entityType: 'change-notice', entityId: changeId, ...(summary ? { summary } : {}), ...(changes ? { changes } : {}) };
    return this.audit.stage(record);
  }
}
