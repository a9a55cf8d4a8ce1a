import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Clock } from '@forewarn/platform';
import { ForewarnEvent, MINIMUM_NOTICE_PERIOD_DAYS, SubprocessorChangeAnnounced } from '@forewarn/contracts';
import { ChangeNoticeState, ChangeNoticeStatus } from './change-notice-state.schema';

export interface ChangeNotice {
  changeId: string;
  status: ChangeNoticeStatus;
  effectiveAt: Date;
  announcement: SubprocessorChangeAnnounced;
  announcedEventId?: string;
}

/** Fields every change event repeats; they refresh the announcement as it stands. */
type ChangeEventData = Omit<SubprocessorChangeAnnounced, 'noticePeriodDays'> & { noticePeriodDays?: number };

/**
 * The state of each announced change as the change events tell it (announced → effective or
 * cancelled). The customer-facing page reads it to show a notice and to refuse objections once a
 * change is effective or cancelled; the fan-out reads it for contacts added while a change is pending.
 */
@Injectable()
export class ChangeNoticeStates {
  constructor(
    @InjectModel(ChangeNoticeState.name) private readonly states: Model<ChangeNoticeState>,
    private readonly clock: Clock,
  ) {}

  async get(changeId: string): Promise<ChangeNotice | null> {
    const doc = await this.states.findById(changeId).lean();
    return doc ? this.viewOf(doc) : null;
  }

  /** Changes announced and not yet effective or cancelled (a scan, but of one small document per change). */
  async pending(): Promise<ChangeNotice[]> {
    const docs = await this.states.find({ status: 'announced' }).lean();
    return docs.map((d) => this.viewOf(d));
  }

  /**
   * Records what a change event says. Events of one change arrive in order (one partition), but a
   * change that became effective or was cancelled never goes back to announced.
   */
  async record(event: ForewarnEvent<ChangeEventData>, status: ChangeNoticeStatus): Promise<ChangeNotice> {
    const previous = await this.states.findById(event.data.changeId).lean();
    const finalStatus = previous && previous.status !== 'announced' ? previous.status : status;
    const announcement: SubprocessorChangeAnnounced = {
      ...(previous?.announcement ?? {}),
      changeId: event.data.changeId,
      kind: event.data.kind,
      subprocessor: event.data.subprocessor,
      ...(event.data.replacesSubprocessor ? { replacesSubprocessor: event.data.replacesSubprocessor } : {}),
      summary: event.data.summary,
      announcedAt: event.data.announcedAt,
      effectiveAt: event.data.effectiveAt,
      noticePeriodDays: event.data.noticePeriodDays ?? previous?.announcement.noticePeriodDays ?? MINIMUM_NOTICE_PERIOD_DAYS,
    };
    const standard = event.data.standardNoticePeriodDays ?? previous?.announcement.standardNoticePeriodDays;
    if (standard) announcement.standardNoticePeriodDays = standard;
    const announcedEventId = previous?.announcedEventId ?? (status === 'announced' ? event.id : undefined);
    const state = {
      status: finalStatus,
      effectiveAt: new Date(announcement.effectiveAt),
      announcement,
      ...(announcedEventId ? { announcedEventId } : {}),
      updatedAt: this.clock.now(),
    };
    await this.states.updateOne({ _id: event.data.changeId }, { $set: state }, { upsert: true });
    return this.viewOf({ _id: event.data.changeId, ...state });
  }

  private viewOf(doc: ChangeNoticeState): ChangeNotice {
    return {
      changeId: doc._id,
      status: doc.status,
      effectiveAt: new Date(doc.effectiveAt),
      announcement: doc.announcement,
      ...(doc.announcedEventId ? { announcedEventId: doc.announcedEventId } : {}),
    };
  }
}
