import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupCommit, GroupedInserts, insertNew } from '@forewarn/platform';
import { BreachDelivery, DELIVERY_STATUSES, DeliveryStatus, NoticeDeliveryMark, NoticeDeliveryTally } from './breach-delivery.schema';

export type DeliveryCounts = Record<DeliveryStatus, number> & { customers: number; contacts: number };

/**
 * Steps remembered on a tally: enough for the steps counted between a step's count and a retry of
 * its handler (the events in flight: up to 32 per partition and replica, plus what others count
 * during a retry's backoff). A redelivery after that is skipped by the consumed-events ledger.
 */
const RECENT_STEPS = 1000;

/** Marks whose first step this process knows: marks never change once inserted, so a known one needs no database. */
const KNOWN_MARKS = 50_000;

type Bump = Partial<Record<keyof DeliveryCounts, number>>;

/** A step stored with its marks, ready to be counted. */
export interface StoredStep {
  notice: string;
  breachId: string;
  stepId: string;
  bump: Bump;
  customerReached: boolean;
}

/**
 * Delivery progress of breach notices, reported back by the notification service. Every step is
 * an insert under a deterministic `_id` (the evidence). Counting it is idempotent as a unit: the
 * first-seen marks remember the step that set them, and the notice's tally remembers the last
 * steps it counted, so a handler that failed after the insert, or an event redelivered after a
 * crash, counts each step exactly once. Steps arriving together (dozens in flight) are counted
 * with one tally write per notice: concurrent writers of one tally only fought over its version.
 */
@Injectable()
export class BreachDeliveriesService {
  private readonly counting = new GroupCommit<StoredStep>((steps) => this.countAll(steps));
  private readonly firstStepOf = new Map<string, Promise<string | undefined>>();
  private readonly steps: GroupedInserts<BreachDelivery>;
  private readonly newMarks: GroupedInserts<NoticeDeliveryMark>;

  constructor(
    @InjectModel(BreachDelivery.name) deliveries: Model<BreachDelivery>,
    @InjectModel(NoticeDeliveryTally.name) private readonly tallies: Model<NoticeDeliveryTally>,
    @InjectModel(NoticeDeliveryMark.name) private readonly marks: Model<NoticeDeliveryMark>,
  ) {
    // The steps and marks of the events in flight (dozens per partition) go in shared inserts.
    this.steps = new GroupedInserts(deliveries);
    this.newMarks = new GroupedInserts(marks);
  }

  /**
   * Stores one step and sets its first-seen marks. Answers what `count` needs, and whether the step
   * is the first email of its notice SES accepted for its customer (true again when the same step
   * is retried, so what hangs on it can be retried too).
   */
  async store(step: Omit<BreachDelivery, '_id'>): Promise<StoredStep> {
    const stepId = `${step.deliveryId}:${step.status}`;
    await this.steps.insert({ _id: stepId, ...step }); // already there: an earlier try stored it
    const notice = step.sourceEventId;
    const marks = [
      { _id: `contact:${notice}:${step.customerId}/${step.contactId}`, kind: 'contacts' as const },
      { _id: `customer:${notice}:${step.customerId}`, kind: 'customers' as const },
      ...(step.status === 'sent' ? [{ _id: `reached:${notice}:${step.customerId}`, kind: 'reached' as const }] : []),
    ];
    const firsts = await Promise.all(marks.map((mark) => this.markedBy(mark, stepId)));
    const bump: Bump = { [step.status]: 1 };
    marks.forEach((mark, i) => {
      if (firsts[i] && mark.kind !== 'reached') bump[mark.kind] = 1;
    });
    return { notice, breachId: step.breachId, stepId, bump, customerReached: firsts[marks.length - 1] && step.status === 'sent' };
  }

  /**
   * Adds a stored step to its notice's tally unless the tally counted it already (a retried or
   * redelivered event). Called last by a handler, so a failure before it leaves nothing counted.
   */
  async count(step: StoredStep): Promise<void> {
    await this.counting.add(step);
  }

  /** Whether this step is the first of its contact (or customer): it set the mark, now or on an earlier try. */
  private async markedBy(mark: { _id: string; kind: NoticeDeliveryMark['kind'] }, stepId: string): Promise<boolean> {
    let firstStep = this.firstStepOf.get(mark._id);
    if (firstStep === undefined) {
      // Remembered while it is being set too: a customer's contacts' events arrive together.
      firstStep = this.setMark(mark, stepId);
      if (this.firstStepOf.size >= KNOWN_MARKS) this.firstStepOf.delete(this.firstStepOf.keys().next().value as string);
      this.firstStepOf.set(mark._id, firstStep);
      firstStep.then(
        (step) => step === undefined && this.firstStepOf.delete(mark._id),
        () => this.firstStepOf.delete(mark._id),
      );
    }
    return (await firstStep) === stepId;
  }

  /** Answers the step that set the mark: this one if its insert was new, else the stored one's. */
  private async setMark(mark: { _id: string; kind: NoticeDeliveryMark['kind'] }, stepId: string): Promise<string | undefined> {
    if (await this.newMarks.insert({ ...mark, firstStep: stepId })) return stepId;
    return (await this.marks.findById(mark._id).lean<NoticeDeliveryMark>())?.firstStep;
  }

  private async countAll(steps: StoredStep[]): Promise<void> {
    const byNotice = new Map<string, StoredStep[]>();
    for (const step of steps) byNotice.set(step.notice, [...(byNotice.get(step.notice) ?? []), step]);
    await Promise.all([...byNotice.values()].map((noticeSteps) => this.addToTally(noticeSteps)));
  }

  /** Adds the steps to their notice's tally, each unless the tally counted it already; guarded by the tally's version. */
  private async addToTally(steps: StoredStep[]): Promise<void> {
    const { notice, breachId } = steps[0];
    for (;;) {
      const tally = await this.tallies.findById(notice).lean<NoticeDeliveryTally>();
      const seen = new Set(tally?.recent ?? []);
      const fresh = steps.filter((s) => !seen.has(s.stepId) && (seen.add(s.stepId), true)); // a step retried in the same batch counts once
      if (fresh.length === 0) return;
      const bump: Bump = {};
      for (const step of fresh) for (const [kind, n] of Object.entries(step.bump) as [keyof DeliveryCounts, number][]) bump[kind] = (bump[kind] ?? 0) + n;
      const recent = [...(tally?.recent ?? []), ...fresh.map((s) => s.stepId)].slice(-RECENT_STEPS);
      if (!tally) {
        const [created] = await insertNew(this.tallies, [{ _id: notice, breachId, ...bump, version: 1, recent }]);
        if (created) return;
        continue; // another replica created it first
      }
      const counted = await this.tallies.updateOne({ _id: notice, version: tally.version ?? null }, { $inc: { ...bump, version: 1 }, $set: { recent } });
      if (counted.modifiedCount === 1) return;
    }
  }

  /** Counts per notice (by the id of the event that requested it): emails that reached each status. */
  async progressOf(noticeEventIds: string[]): Promise<Map<string, DeliveryCounts>> {
    const progress = new Map<string, DeliveryCounts>();
    for (const id of noticeEventIds) {
      const tally = await this.tallies.findById(id).lean<NoticeDeliveryTally>();
      if (!tally) continue;
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, tally[s] ?? 0])) as DeliveryCounts;
      progress.set(id, { ...counts, customers: tally.customers ?? 0, contacts: tally.contacts ?? 0 });
    }
    return progress;
  }
}
