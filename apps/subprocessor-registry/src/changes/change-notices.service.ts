import { Inject, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { SubprocessorChangeAnnounced, SubprocessorChangeEventTypes } from '@forewarn/contracts';
import { EventStager, OutboxRelay } from '@forewarn/messaging';
import { Clock, SERVICE_CONFIG } from '@forewarn/platform';
import { snapshotOf } from '../subprocessors/subprocessor.dto';
import { SubprocessorsService } from '../subprocessors/subprocessors.service';
import { RegistryConfig } from '../registry.config';
import { CreateChangeNoticeDto } from './change-notice.dto';
import { ChangeNotice, ChangeNoticeDocument } from './change-notice.schema';
import { announce, ChangeStateError, ChangeStatus, checkChangeTargets, NoticePeriodNotMetError } from './domain/change-notice';
import { NoticePeriod } from './domain/notice-period';

@Injectable()
export class ChangeNoticesService implements OnModuleInit {
  private readonly noticePeriod: NoticePeriod;

  constructor(
    @InjectModel(ChangeNotice.name) private readonly changes: Model<ChangeNotice>,
    private readonly subprocessors: SubprocessorsService,
    private readonly events: EventStager,
    private readonly outbox: OutboxRelay,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: RegistryConfig,
  ) {
    this.noticePeriod = new NoticePeriod(config.NOTICE_PERIOD_DAYS);
  }

  onModuleInit(): void {
    this.outbox.track(this.changes);
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
    const now = this.clock.now();
    const effectiveAt = new Date(dto.effectiveAt);
    if (!this.noticePeriod.isMet(now, effectiveAt)) {
      throw new NoticePeriodNotMetError(this.noticePeriod.earliestEffectiveAt(now), this.noticePeriod.days);
    }
    return this.changes.create({
      kind: dto.kind,
      subprocessorId: subprocessor._id,
      replacesSubprocessorId: replaced?._id,
      summary: dto.summary,
      status: 'draft',
      effectiveAt,
      createdAt: now,
      createdBy: actor,
    });
  }

  /**
   * Starts the notice period: the change shows on the public list at once and the announced
   * event, stored in the same update, tells the notification service to email every customer.
   */
  async announce(id: Types.ObjectId, actor: string): Promise<ChangeNoticeDocument> {
    const change = await this.get(id);
    const announcement = announce(change, this.clock.now(), this.noticePeriod);
    const subprocessor = snapshotOf(await this.subprocessors.get(change.subprocessorId));
    const replaced = change.replacesSubprocessorId
      ? snapshotOf(await this.subprocessors.get(change.replacesSubprocessorId))
      : undefined;
    const event: SubprocessorChangeAnnounced = {
      changeId: change.id as string,
      kind: change.kind,
      subprocessor,
      ...(replaced ? { replacesSubprocessor: replaced } : {}),
      summary: change.summary,
      announcedAt: announcement.announcedAt.toISOString(),
      effectiveAt: announcement.effectiveAt.toISOString(),
      noticePeriodDays: announcement.noticePeriodDays,
    };
    const updated = await this.changes.findOneAndUpdate(
      { _id: change._id, status: 'draft' },
      {
        $set: {
          status: 'announced' satisfies ChangeStatus,
          announcedAt: announcement.announcedAt,
          announcedBy: actor,
          noticePeriodDays: announcement.noticePeriodDays,
          subprocessor,
          replacesSubprocessor: replaced,
        },
        $push: { outbox: this.events.stage(SubprocessorChangeEventTypes.announced, event) },
      },
      { new: true },
    );
    // Another request announced it between our read and our write.
    if (!updated) throw new ChangeStateError((await this.get(id)).status, 'announced');
    this.outbox.flushSoon(this.changes, updated._id);
    return updated;
  }

  list(status?: ChangeStatus): Promise<ChangeNoticeDocument[]> {
    return this.changes.find(status ? { status } : {}, { outbox: 0 }).sort({ effectiveAt: 1 }).exec();
  }

  async get(id: Types.ObjectId | string): Promise<ChangeNoticeDocument> {
    const found = await this.changes.findById(id, { outbox: 0 }).exec();
    if (!found) throw new NotFoundException(`change ${String(id)} does not exist`);
    return found;
  }
}
