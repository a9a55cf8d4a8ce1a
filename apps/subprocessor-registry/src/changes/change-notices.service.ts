import { Inject, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AggregateChange, AggregateStore } from '@forewarn/aggregates';
import { SubprocessorChangeEventTypes } from '@forewarn/contracts';
import { EventStager } from '@forewarn/messaging';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import { TimerSpec } from '@forewarn/scheduling';
import { CustomerTermsService } from '../customer-terms/customer-terms.service';
import { ListVersionsService } from '../list-versions/list-versions.service';
import { ObjectionsService } from '../objections/objections.service';
import { RegistryConfig } from '../registry.config';
import { snapshotOf } from '../subprocessors/subprocessor.dto';
import { SubprocessorsService } from '../subprocessors/subprocessors.service';
import { ChangeNoticeView, changeViewOf, CreateChangeNoticeDto, RescheduleChangeDto } from './change-notice.dto';
import { changeEventPayloads as payloads } from './change-event-payloads';
import { ChangeEffects, changeAuditOf } from './change-effects.service';
import { ChangeHistoryEntry, ChangeNotice, ChangeNoticeDocument } from './change-notice.schema';
import { announce, cancel, ChangeStatus, checkChangeTargets, checkProposed, NoticePeriodNotMetError, reschedule } from './domain/change-notice';
import { ChangeTimerPayload, parseReminderOffsets, timersOf } from './domain/change-timers';
import { CustomerTermsReason, NoticePeriod, noticePeriodOwed } from './domain/notice-period';
import { requestAuthorisation } from './domain/specific-authorisation';

/**
 * The change-notice use cases: draft, announce, reschedule, cancel. Each decides on the stored
 * change; `AggregateStore` writes the decision with its event, audit entry and timers. The
 * change's timers are planned from its state: an announced change has its reminders and its
 * effective timer at its `effectiveAt`, any other none; `ChangeEffects` handles them.
 */
@Injectable()
export class ChangeNoticesService implements OnModuleInit {
  private readonly noticePeriod: NoticePeriod;
  private readonly reminderOffsets: number[];

  constructor(
    @InjectModel(ChangeNotice.name) private readonly changes: Model<ChangeNotice>,
    private readonly subprocessors: SubprocessorsService,
    private readonly objections: ObjectionsService,
    private readonly listVersions: ListVersionsService,
    private readonly customerTerms: CustomerTermsService,
    private readonly effects: ChangeEffects,
    private readonly store: AggregateStore,
    private readonly events: EventStager,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: RegistryConfig,
  ) {
    this.noticePeriod = new NoticePeriod(config.NOTICE_PERIOD_DAYS);
    this.reminderOffsets = parseReminderOffsets(config.REMINDER_OFFSETS_DAYS);
  }

  /** The notice period owed now, and the earliest effective date a change announced now may have. */
  async noticePeriodNow(): Promise<{ noticePeriodDays: number; earliestEffectiveAt: string; customerTerms?: CustomerTermsReason }> {
    const owed = await this.noticePeriodOwed();
    return {
      noticePeriodDays: owed.days,
      earliestEffectiveAt: owed.earliestEffectiveAt(this.clock.now()).toISOString(),
      ...(owed.customerTerms ? { customerTerms: owed.customerTerms } : {}),
    };
  }

  /**
   * The standard period, or the longest the terms of the customers served now ask: every
   * subprocessor change concerns every customer.
   */
  private async noticePeriodOwed(): Promise<NoticePeriod> {
    return noticePeriodOwed(this.noticePeriod, await this.customerTerms.noticeTermsOfActiveCustomers());
  }

  onModuleInit(): void {
    this.store.register(this.changes, {
      planTimers: (before: ChangeNoticeDocument, after: ChangeNotice) => {
        const schedule = after.status === 'announced' ? this.timerSpecs(String(before._id), after.effectiveAt) : [];
        const keep = new Set(schedule.map((t) => t.id));
        return { schedule, cancel: (before.timerIds ?? []).filter((id) => !keep.has(id)) };
      },
    });
  }

  /** A draft; its date is checked now too, since announcing it could never succeed otherwise. */
  async draft(dto: CreateChangeNoticeDto, actor: string): Promise<ChangeNoticeDocument> {
    const subprocessor = await this.subprocessors.get(dto.subprocessorId);
    const replaced = dto.replacesSubprocessorId ? await this.subprocessors.get(dto.replacesSubprocessorId) : undefined;
    checkChangeTargets(dto.kind, { id: subprocessor.id as string, status: subprocessor.status }, replaced && { id: replaced.id as string, status: replaced.status });
    const proposed = dto.proposed ? Object.fromEntries(Object.entries(dto.proposed).filter(([, v]) => v !== undefined)) : undefined;
    checkProposed(dto.kind, proposed);
    const now = this.clock.now();
    const effectiveAt = new Date(dto.effectiveAt);
    const owed = await this.noticePeriodOwed();
    if (!owed.isMet(now, effectiveAt)) throw new NoticePeriodNotMetError(owed.earliestEffectiveAt(now), owed);
    const _id = new Types.ObjectId();
    await this.store.create(
      this.changes,
      {
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
      },
      { audit: changeAuditOf(_id.toString(), 'drafted', `${dto.kind} of ${subprocessor.name}`, { ...dto }) },
    );
    return this.get(_id);
  }

  /**
   * Starts the notice period: the change shows on the public list at once and the announced
   * event, stored in the same update, tells the notification service to email every customer.
   */
  async announce(id: string, actor: string): Promise<ChangeNoticeDocument> {
    const change = await this.get(id);
    const subprocessor = await this.subprocessors.get(change.subprocessorId);
    const replaced = change.replacesSubprocessorId ? await this.subprocessors.get(change.replacesSubprocessorId) : undefined;
    const frozen = { subprocessor: snapshotOf(subprocessor), ...(replaced ? { replacesSubprocessor: snapshotOf(replaced) } : {}) };
    const owed = await this.noticePeriodOwed();
    const specific = await this.customerTerms.specificCustomers();
    const updated = await this.write(id, (c) => {
      const now = this.clock.now();
      const authorisations = requestAuthorisation([], specific, now);
      const announcement = announce({ status: c.status, effectiveAt: c.effectiveAt, kind: c.kind, incoming: subprocessor }, now, owed);
      // The records may have moved on since the draft (another change took effect).
      checkChangeTargets(c.kind, { id: subprocessor.id as string, status: subprocessor.status }, replaced && { id: replaced.id as string, status: replaced.status });
      const announced = { ...c.toObject(), ...frozen, announcedAt: now } as ChangeNotice & { _id: Types.ObjectId };
      return {
        set: {
          status: 'announced' satisfies ChangeStatus,
          announcedAt: now,
          announcedBy: actor,
          noticePeriodDays: announcement.noticePeriodDays,
          standardNoticePeriodDays: this.noticePeriod.days,
          ...(owed.customerTerms ? { noticePeriodTerms: owed.customerTerms } : {}),
          ...(authorisations.length ? { authorisations } : {}),
          timerIds: this.timerIdsOf(id, c.effectiveAt),
          ...frozen,
        },
        append: { history: [{ action: 'announced', at: now, by: actor, effectiveAt: c.effectiveAt } satisfies ChangeHistoryEntry] },
        events: [this.events.stage(SubprocessorChangeEventTypes.announced, payloads.announced(announced, announcement.noticePeriodDays, this.noticePeriod.days))],
        audit: changeAuditOf(id, 'announced', `effective ${c.effectiveAt.toISOString()}`, { effectiveAt: c.effectiveAt.toISOString() }),
        replanTimers: true,
      };
    });
    await this.effects.applyRecords(updated, 'announced', actor);
    await this.effects.bumpList(updated, 'announced', {});
    return updated;
  }

  /** Moves the date within the rule; the timers move with it. */
  async reschedule(id: string, dto: RescheduleChangeDto, actor: string): Promise<ChangeNoticeDocument> {
    let previousEffectiveAt: Date | undefined;
    const owed = await this.noticePeriodOwed();
    const updated = await this.write(id, (c) => {
      const now = this.clock.now();
      const moved = reschedule(c, new Date(dto.effectiveAt), now, owed);
      if (!moved) return undefined;
      previousEffectiveAt = moved.previousEffectiveAt;
      const event = payloads.rescheduled(c, moved, now, dto.reason);
      return {
        set: { effectiveAt: moved.effectiveAt, timerIds: this.timerIdsOf(id, moved.effectiveAt) },
        append: {
          history: [
            {
              action: 'rescheduled',
              at: now,
              by: actor,
              effectiveAt: moved.effectiveAt,
              previousEffectiveAt: moved.previousEffectiveAt,
              ...(dto.reason ? { reason: dto.reason } : {}),
            } satisfies ChangeHistoryEntry,
          ],
        },
        events: [this.events.stage(SubprocessorChangeEventTypes.rescheduled, event)],
        audit: changeAuditOf(id, 'rescheduled', `from ${event.previousEffectiveAt} to ${event.effectiveAt}`, {
          effectiveAt: event.effectiveAt,
          previousEffectiveAt: event.previousEffectiveAt,
          reason: dto.reason,
        }),
        replanTimers: true,
      };
    });
    if (previousEffectiveAt) {
      await this.effects.bumpList(updated, 'rescheduled', { previousEffectiveAt: previousEffectiveAt.toISOString(), ...(dto.reason ? { reason: dto.reason } : {}) });
    }
    return updated;
  }

  /** Calls a change off. An announced one tells customers (the cancelled event) and leaves the list's upcoming changes. */
  async cancel(id: string, reason: string, actor: string): Promise<ChangeNoticeDocument> {
    let wasAnnounced = false;
    const updated = await this.write(id, (c) => {
      const now = this.clock.now();
      ({ wasAnnounced } = cancel(c, now));
      return {
        set: { status: 'cancelled' satisfies ChangeStatus, cancelledAt: now, cancelReason: reason, timerIds: [] },
        append: { history: [{ action: 'cancelled', at: now, by: actor, reason } satisfies ChangeHistoryEntry] },
        events: wasAnnounced ? [this.events.stage(SubprocessorChangeEventTypes.cancelled, payloads.cancelled(c, now, reason))] : [],
        audit: changeAuditOf(id, 'cancelled', reason, { reason }),
        replanTimers: true,
      };
    });
    if (wasAnnounced) {
      await this.effects.applyRecords(updated, 'cancelled', actor);
      await this.effects.bumpList(updated, 'cancelled', { reason });
    }
    return updated;
  }

  list(status?: ChangeStatus): Promise<ChangeNoticeDocument[]> {
    return this.changes.find(status ? { status } : {}, this.store.withoutStaged(this.changes)).sort({ effectiveAt: 1, _id: 1 }).exec();
  }

  async get(id: Types.ObjectId | string): Promise<ChangeNoticeDocument> {
    const found = await this.store.get<ChangeNoticeDocument>(this.changes, id);
    if (!found) throw new NotFoundException(`change ${String(id)} does not exist`);
    return found;
  }

  /** The compliance team's views: each change with its objections and their count. */
  /** One change as its page shows it: with its objections and the public list versions it made. */
  async view(id: string): Promise<ChangeNoticeView> {
    const [view] = await this.views([await this.get(id)]);
    const versions = await this.listVersions.ofChange(id);
    return { ...view, listVersions: versions.map((v) => ({ version: v.version, at: v.at.toISOString(), action: v.event.action })) };
  }

  async views(changes: ChangeNoticeDocument[]): Promise<ChangeNoticeView[]> {
    const objections = await this.objections.byChange(changes.length === 1 ? [changes[0].id as string] : undefined);
    return changes.map((c) => changeViewOf(c, objections.get(c.id as string) ?? []));
  }

  private async write(id: string, decide: (c: ChangeNoticeDocument) => AggregateChange | undefined): Promise<ChangeNoticeDocument> {
    const result = await this.store.change<ChangeNoticeDocument>(this.changes, id, decide);
    if (!result) throw new NotFoundException(`change ${id} does not exist`);
    return result.aggregate;
  }

  private timerSpecs(changeId: string, effectiveAt: Date): TimerSpec[] {
    return timersOf(changeId, effectiveAt, this.reminderOffsets, this.clock.now()).map((t) => {
      const payload: ChangeTimerPayload = { changeId, effectiveAt: effectiveAt.toISOString(), ...(t.daysBefore ? { daysBefore: t.daysBefore } : {}) };
      return { id: t.id, kind: t.kind, dueAt: t.dueAt, payload: { ...payload } };
    });
  }

  private timerIdsOf(changeId: string, effectiveAt: Date): string[] {
    return this.timerSpecs(changeId, effectiveAt).map((t) => t.id);
  }


}
