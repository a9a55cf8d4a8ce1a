import { Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AuditTrail } from '@forewarn/audit';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import { ChangeNotice, ChangeNoticeDocument } from '../changes/change-notice.schema';
import { ON_PUBLIC_LIST } from '../subprocessors/domain/subprocessor-record';
import { snapshotOf } from '../subprocessors/subprocessor.dto';
import { Subprocessor } from '../subprocessors/subprocessor.schema';
import { ListEvent, ListSnapshot, ListVersion, sameList, UpcomingChange, versionNumberAt } from './domain/list-version';
import { ListVersionRecord, versionIdOf } from './list-version.schema';

export function upcomingOf(change: ChangeNoticeDocument): UpcomingChange {
  return {
    id: change.id as string,
    kind: change.kind,
    summary: change.summary,
    announcedAt: change.announcedAt!.toISOString(),
    effectiveAt: change.effectiveAt.toISOString(),
    subprocessor: change.subprocessor!,
    ...(change.replacesSubprocessor ? { replacesSubprocessor: change.replacesSubprocessor } : {}),
    ...(change.proposed && Object.keys(change.proposed).length ? { proposed: change.proposed } : {}),
  };
}

const toVersion = (r: ListVersionRecord): ListVersion => ({
  version: r.version,
  at: r.at,
  event: r.event,
  subprocessors: r.subprocessors,
  upcomingChanges: r.upcomingChanges,
});

/** The numbered, immutable history of the public list. */
@Injectable()
export class ListVersionsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ListVersionsService.name);
  /** The highest number this replica has seen; others may have gone further (see `latestNumber`). */
  private knownLatest = 0;
  private bumping: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectModel(ListVersionRecord.name) private readonly versions: Model<ListVersionRecord>,
    @InjectModel(Subprocessor.name) private readonly subprocessors: Model<Subprocessor>,
    @InjectModel(ChangeNotice.name) private readonly changes: Model<ChangeNotice>,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** One sorted read at start; after that the number only moves forward by cheap reads by `_id`. */
  async onApplicationBootstrap(): Promise<void> {
    const last = await this.versions.findOne({}, { version: 1 }).sort({ _id: -1 }).lean();
    this.knownLatest = last?.version ?? 0;
  }

  /** The list as the records say it is now (two small collections). */
  async current(): Promise<ListSnapshot> {
    const [listed, announced] = await Promise.all([
      this.subprocessors.find({ status: { $in: ON_PUBLIC_LIST } }, { auditPending: 0, outbox: 0 }).sort({ category: 1, name: 1 }).exec(),
      this.changes.find({ status: 'announced' }, { outbox: 0, auditPending: 0 }).sort({ effectiveAt: 1, _id: 1 }).exec(),
    ]);
    return { subprocessors: listed.map(snapshotOf), upcomingChanges: announced.map(upcomingOf) };
  }

  /**
   * Records the list as it now stands under the next number. A writer that loses the race for a
   * number re-reads the records (the winner changed them) and takes the next one. A writer that
   * read before a concurrent change and inserted after it would leave a stale latest version, so
   * it checks once more and records the catch-up as `reconciled`.
   */
  bump(event: ListEvent): Promise<number> {
    // One at a time in this replica, so its own concurrent writers (timer handlers run several at
    // once) queue up instead of racing each other into extra reconciled versions.
    const run = this.bumping.then(() => this.bumpNow(event));
    this.bumping = run.catch(() => undefined);
    return run;
  }

  private async bumpNow(event: ListEvent): Promise<number> {
    let number = await this.record(event);
    for (let attempt = 0; attempt < 3; attempt++) {
      const [{ subprocessors, upcomingChanges }, now] = await Promise.all([this.get(number), this.current()]);
      if (sameList({ subprocessors, upcomingChanges }, now)) break;
      number = await this.record({ action: 'reconciled' });
    }
    return number;
  }

  private async record(event: ListEvent): Promise<number> {
    for (;;) {
      const snapshot = await this.current();
      const number = (await this.latestNumber()) + 1;
      try {
        await this.versions.create({ _id: versionIdOf(number), version: number, at: this.clock.now(), event, ...snapshot });
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
        this.logger.debug(`list version ${number} taken by another writer; retrying`);
        continue;
      }
      this.knownLatest = number;
      await this.audit.record({
        action: 'list-version.created',
        entityType: 'list-version',
        entityId: String(number),
        summary: `public list version ${number} (${event.action})`,
        changes: { event },
      });
      return number;
    }
  }

  /** The latest number, probing past what this replica knows by reads by `_id`. */
  async latestNumber(): Promise<number> {
    while (await this.versions.exists({ _id: versionIdOf(this.knownLatest + 1) })) this.knownLatest++;
    return this.knownLatest;
  }

  async get(number: number): Promise<ListVersion> {
    const found = await this.versions.findById(versionIdOf(number)).lean<ListVersionRecord>();
    if (!found) throw new NotFoundException(`version: the public list has no version ${number}`);
    return toVersion(found);
  }

  async latest(): Promise<ListVersion | undefined> {
    const number = await this.latestNumber();
    return number > 0 ? this.get(number) : undefined;
  }

  async at(date: Date): Promise<ListVersion> {
    const latest = await this.latestNumber();
    const number = await versionNumberAt(date, latest, async (n) => (await this.get(n)).at);
    if (!number) throw new NotFoundException(`at: the public list has no version as early as ${date.toISOString()}`);
    return this.get(number);
  }

  /**
   * The versions a change made (announced, rescheduled, cancelled, effective), oldest first. A
   * scan of the versions: one per list event, so a report can afford it.
   */
  async ofChange(changeId: string): Promise<ListVersion[]> {
    const found = await this.versions.find({ 'event.changeId': changeId }).lean<ListVersionRecord[]>();
    return found.map(toVersion).sort((a, b) => a.version - b.version);
  }

  /** The newest versions first, up to `limit`, reading back from the latest by `_id`. */
  async newest(limit: number): Promise<ListVersion[]> {
    const latest = await this.latestNumber();
    const found: ListVersion[] = [];
    for (let n = latest; n >= 1 && found.length < limit; n--) found.push(await this.get(n));
    return found;
  }
}
