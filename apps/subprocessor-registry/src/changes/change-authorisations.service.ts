import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AggregateStore } from '@forewarn/aggregates';
import { Clock } from '@forewarn/platform';
import { ChangeNotice, ChangeNoticeDocument } from './change-notice.schema';
import { ChangeEffects } from './change-effects.service';
import { ChangeStateError } from './domain/change-notice';
import { answer, AuthorisationDecision, awaitedAuthorisations, CustomerAuthorisation, decide, requestAuthorisation } from './domain/specific-authorisation';

type Answer = Parameters<typeof answer>[2];

/**
 * Customers' specific authorisation of announced changes: who is asked, their answers through
 * their links, and compliance's decisions. Each writes the change through the store; a write that
 * leaves nobody awaited lets a change whose date has come take effect.
 */
@Injectable()
export class ChangeAuthorisationsService {
  constructor(
    @InjectModel(ChangeNotice.name) private readonly changes: Model<ChangeNotice>,
    private readonly effects: ChangeEffects,
    private readonly store: AggregateStore,
    private readonly clock: Clock,
  ) {}

  /** A customer now under specific authorisation (new, or its terms changed) is asked about every change still announced. */
  async customerNowSpecific(customer: { customerId: string; customerName: string }): Promise<void> {
    for (const change of await this.changes.find({ status: 'announced' }, { _id: 1 }).lean()) {
      await this.update(String(change._id), 'authorisation-requested', `${customer.customerName} asked to authorise`, (entries) => {
        const asked = requestAuthorisation(entries, [customer], this.clock.now());
        return asked === entries ? undefined : asked;
      });
    }
  }

  /**
   * A customer no longer served does not hold a change back: its awaited entries are settled as
   * contract terminated, audited, on every change still announced.
   */
  async customerDeactivated(customer: { customerId: string; customerName: string }, at: Date): Promise<void> {
    for (const change of await this.changes.find({ status: 'announced' }, { authorisations: 1 }).lean<(ChangeNotice & { _id: unknown })[]>()) {
      if (!awaitedAuthorisations(change.authorisations).some((a) => a.customerId === customer.customerId)) continue;
      const decision = { outcome: 'contract-terminated' as const, reason: 'the customer was deactivated in the directory', at, by: 'system:subprocessor-registry' };
      await this.update(String(change._id), 'authorisation-decided', `${customer.customerName}: ${decision.reason}`, (entries) => decide(entries, customer.customerId, decision));
    }
  }

  /** An answer through the customer's link (approval, objection, objection withdrawn). */
  async answered(changeId: string, customerId: string, given: Answer): Promise<void> {
    await this.update(changeId, `authorisation-${given.kind}`, `${customerId} ${given.kind} (${given.by})`, (entries) => answer(entries, customerId, given));
  }

  /** Compliance settles a customer that has not approved; the reason goes in the audit trail. */
  async decide(changeId: string, customerId: string, outcome: AuthorisationDecision, reason: string, actor: string): Promise<ChangeNoticeDocument> {
    const decision = { outcome, reason, at: this.clock.now(), by: actor };
    const found = await this.update(changeId, 'authorisation-decided', `${customerId}: ${outcome}`, (entries) => decide(entries, customerId, decision), {
      changes: { customerId, outcome, reason },
      refuseUnlessAnnounced: 'decided on',
    });
    if (!found) throw new NotFoundException(`change ${changeId} does not exist`);
    return found;
  }

  private async update(
    changeId: string,
    action: string,
    summary: string,
    next: (entries: CustomerAuthorisation[]) => CustomerAuthorisation[] | undefined,
    { changes, refuseUnlessAnnounced }: { changes?: Record<string, unknown>; refuseUnlessAnnounced?: string } = {},
  ): Promise<ChangeNoticeDocument | undefined> {
    const result = await this.store.change<ChangeNoticeDocument>(this.changes, changeId, (c) => {
      if (c.status !== 'announced') {
        if (refuseUnlessAnnounced) throw new ChangeStateError(c.status, refuseUnlessAnnounced);
        return undefined;
      }
      const entries = next(c.authorisations ?? []);
      if (!entries) return undefined;
      return { set: { authorisations: entries }, audit: { action: `change.${action}`, entityType: 'change-notice', entityId: changeId, summary, ...(changes ? { changes } : {}) } };
    });
    if (result?.changed && awaitedAuthorisations(result.aggregate.authorisations).length === 0) await this.effects.takeEffectIfDue(changeId);
    return result?.aggregate;
  }
}
