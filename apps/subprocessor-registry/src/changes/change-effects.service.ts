import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AggregateStore } from '@forewarn/aggregates';
import { SubprocessorChangeEventTypes } from '@forewarn/contracts';
import { EventStager } from '@forewarn/messaging';
import { Clock } from '@forewarn/platform';
import { DurableTimers, FiredTimer } from '@forewarn/scheduling';
import { ListVersionsService } from '../list-versions/list-versions.service';
import { SubprocessorsService } from '../subprocessors/subprocessors.service';
import { changeEventPayloads as payloads } from './change-event-payloads';
import { ChangeHistoryEntry, ChangeNotice, ChangeNoticeDocument } from './change-notice.schema';
import { ChangeStatus, isDue } from './domain/change-notice';
import { ChangeTimerPayload, EFFECTIVE_TIMER, REMINDER_TIMER } from './domain/change-timers';
import { ChangeMoment, recordTransitionsOf } from './domain/record-transitions';
import { awaitedAuthorisations } from './domain/specific-authorisation';

export const SYSTEM_ACTOR = 'system:subprocessor-registry';

/** The audit record of a step of a change. */
export function changeAuditOf(changeId: string, action: string, summary?: string, changes?: Record<string, unknown>) {
  return { action: `change.${action}`, entityType: 'change-notice', entityId: changeId, ...(summary ? { summary } : {}), ...(changes ? { changes } : {}) };
}

/**
 * What a change does beyond its own document: the subprocessor records it changes, the public
 * list versions it makes, and what its timers do when they fire (the reminders, and taking effect
 * at its date, or waiting while customers' approval is awaited).
 */
@Injectable()
export class ChangeEffects implements OnModuleInit {
  private readonly logger = new Logger(ChangeEffects.name);

  constructor(
    @InjectModel(ChangeNotice.name) private readonly changes: Model<ChangeNotice>,
    private readonly subprocessors: SubprocessorsService,
    private readonly listVersions: ListVersionsService,
    private readonly store: AggregateStore,
    private readonly timers: DurableTimers,
    private readonly events: EventStager,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timers.handle(REMINDER_TIMER, (t) => this.remind(t));
    this.timers.handle(EFFECTIVE_TIMER, (t) => this.takeEffect(t));
  }

  /** A reminder timer fired: `reminder-due` once per offset and date, however often the timer fires. */
  async remind(timer: FiredTimer): Promise<void> {
    const payload = timer.payload as unknown as ChangeTimerPayload;
    await this.store.change<ChangeNoticeDocument>(this.changes, payload.changeId, (c) => {
      // Not announced any more, or moved (the reschedule moved its timers too); or its date has
      // come as well (after downtime): the effective event tells customers more than a reminder.
      if (c.status !== 'announced' || c.effectiveAt.toISOString() !== payload.effectiveAt || isDue(c, this.clock.now())) return undefined;
      const sent = `${payload.daysBefore}d@${payload.effectiveAt}`;
      const sentBefore = c.remindersSent ?? [];
      if (sentBefore.includes(sent)) return undefined;
      return {
        set: { remindersSent: [...sentBefore, sent] },
        events: [
          this.events.stage(
            SubprocessorChangeEventTypes.reminderDue,
            payloads.reminderDue(c, payload.daysBefore!, (c.authorisations ?? []).filter((a) => a.state === 'pending').map((a) => a.customerId)),
          ),
        ],
        audit: changeAuditOf(String(c._id), 'reminder-due', `${payload.daysBefore} days before ${payload.effectiveAt}`),
      };
    });
  }

  /** The effective timer fired: the change takes effect if it is still announced for that date. */
  async takeEffect(timer: FiredTimer): Promise<void> {
    const { changeId, effectiveAt } = timer.payload as unknown as ChangeTimerPayload;
    await this.takeEffectIfDue(changeId, (c) => c.effectiveAt.toISOString() === effectiveAt);
  }

  /**
   * Applies a change whose date has come: the records first (each step at most once), then the
   * change becomes `effective` with its event in one guarded write that only one caller wins.
   * While a customer under specific authorisation has not approved, it is held instead (announced,
   * its date passed) until the last approval or decision comes in and calls this again.
   */
  async takeEffectIfDue(changeId: string, forThisDate: (c: ChangeNotice) => boolean = () => true): Promise<void> {
    const stillDue = (c: ChangeNotice) => c.status === 'announced' && forThisDate(c) && isDue(c, this.clock.now());
    const change = await this.store.get<ChangeNoticeDocument>(this.changes, changeId);
    if (!change || !stillDue(change)) return;
    if (awaitedAuthorisations(change.authorisations).length > 0) return this.hold(changeId, stillDue);
    await this.applyRecords(change, 'effective', SYSTEM_ACTOR);
    const result = await this.store.change<ChangeNoticeDocument>(this.changes, changeId, (c) => {
      if (!stillDue(c) || awaitedAuthorisations(c.authorisations).length > 0) return undefined;
      const now = this.clock.now();
      return {
        set: { status: 'effective' satisfies ChangeStatus, appliedAt: now, timerIds: [] },
        append: { history: [{ action: 'effective', at: now, by: SYSTEM_ACTOR, effectiveAt: c.effectiveAt } satisfies ChangeHistoryEntry] },
        events: [this.events.stage(SubprocessorChangeEventTypes.effective, payloads.effective(c, now))],
        audit: changeAuditOf(changeId, 'effective', `applied at ${now.toISOString()}`),
      };
    });
    if (result?.changed) await this.bumpList(result.aggregate, 'effective', {});
    else this.logger.debug(`change ${changeId}: another firing applied it first`);
  }

  /** Records once per date that the change waits for customers' approval. */
  private async hold(changeId: string, stillDue: (c: ChangeNotice) => boolean): Promise<void> {
    await this.store.change<ChangeNoticeDocument>(this.changes, changeId, (c) => {
      const awaited = awaitedAuthorisations(c.authorisations);
      if (!stillDue(c) || awaited.length === 0 || (c.heldSince && c.heldSince >= c.effectiveAt)) return undefined;
      const now = this.clock.now();
      const reason = `awaiting the specific authorisation of ${awaited.map((a) => `${a.customerName} (${a.state})`).join(', ')}`;
      return {
        set: { heldSince: now },
        append: { history: [{ action: 'held', at: now, by: SYSTEM_ACTOR, effectiveAt: c.effectiveAt, reason } satisfies ChangeHistoryEntry] },
        audit: changeAuditOf(changeId, 'held', reason, { awaiting: awaited.map((a) => a.customerId) }),
      };
    });
  }

  /** Changes the subprocessor records as the change says at one of its moments (each step at most once). */
  async applyRecords(change: ChangeNotice, moment: ChangeMoment, actor: string): Promise<void> {
    const steps = recordTransitionsOf(
      {
        kind: change.kind,
        subprocessorId: change.subprocessorId.toString(),
        replacesSubprocessorId: change.replacesSubprocessorId?.toString(),
        proposed: change.proposed,
      },
      moment,
    );
    const changeId = String((change as ChangeNoticeDocument)._id);
    for (const step of steps) await this.subprocessors.applyTransition(step, changeId, moment, actor);
  }

  /** Publishes the next version of the public list, saying what this change did. */
  async bumpList(change: ChangeNoticeDocument, action: 'announced' | 'rescheduled' | 'cancelled' | 'effective', extra: { previousEffectiveAt?: string; reason?: string }) {
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
}
