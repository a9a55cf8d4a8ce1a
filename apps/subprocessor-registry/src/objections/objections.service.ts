import { ConflictException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { HydratedDocument, Model } from 'mongoose';
import { AggregateStore } from '@forewarn/aggregates';
import { CustomerObjectionReceived, CustomerObjectionWithdrawn } from '@forewarn/contracts';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import { Objection } from './objection.schema';
import { ObjectionView, objectionViewOf } from './objection.dto';

/** Customers' objections, as the notification service reports them. They never block a change. */
@Injectable()
export class ObjectionsService implements OnModuleInit {
  constructor(
    @InjectModel(Objection.name) private readonly objections: Model<Objection>,
    private readonly store: AggregateStore,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.store.register(this.objections);
  }

  /** Stores a received objection once: a redelivered event finds its id taken and stops there. */
  async received(event: CustomerObjectionReceived): Promise<void> {
    try {
      await this.store.create(
        this.objections,
        {
          _id: event.objectionId,
          changeId: event.changeId,
          customerId: event.customerId,
          customerName: event.customerName,
          contactId: event.contactId,
          contactEmail: event.contactEmail,
          reason: event.reason,
          receivedAt: new Date(event.receivedAt),
          status: 'open',
        },
        {
          audit: {
            action: 'objection.received',
            entityType: 'objection',
            entityId: event.objectionId,
            summary: `${event.customerName} objected to change ${event.changeId}`,
            changes: { changeId: event.changeId, contactEmail: event.contactEmail, reason: event.reason },
          },
        },
      );
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
  }

  /** Marks it withdrawn; a withdrawal seen before its objection (it should not be) still records both. */
  async withdrawn(event: CustomerObjectionWithdrawn): Promise<void> {
    const withdrawal = { status: 'withdrawn' as const, withdrawnAt: new Date(event.withdrawnAt), ...(event.reason ? { withdrawalReason: event.reason } : {}) };
    const audit = {
      action: 'objection.withdrawn',
      entityType: 'objection',
      entityId: event.objectionId,
      summary: `${event.customerName} withdrew the objection to change ${event.changeId}`,
    };
    const found = await this.store.change<Objection>(this.objections, event.objectionId, (o) => (o.status === 'withdrawn' ? undefined : { set: withdrawal, audit }));
    if (found) return;
    const { changeId, customerId, customerName, contactId } = event;
    await this.store.create(this.objections, { _id: event.objectionId, changeId, customerId, customerName, contactId, ...withdrawal }, { audit }).catch((e: unknown) => {
      if (!isDuplicateKeyError(e)) throw e;
      return this.withdrawn(event); // its objection arrived meanwhile
    });
  }

  async resolve(changeId: string, objectionId: string, note: string, actor: string): Promise<ObjectionView> {
    const result = await this.store.change<HydratedDocument<Objection>>(this.objections, objectionId, (o) => {
      if (o.changeId !== changeId) throw new NotFoundException(`objection ${objectionId} does not exist on change ${changeId}`);
      if (o.status !== 'open') throw new ConflictException(`objection ${objectionId} is ${o.status}; only an open objection can be resolved`);
      return {
        set: { status: 'resolved', resolvedAt: this.clock.now(), resolvedBy: actor, resolutionNote: note },
        audit: { action: 'objection.resolved', entityType: 'objection', entityId: objectionId, summary: `objection of ${o.customerName} resolved`, changes: { note } },
      };
    });
    if (!result) throw new NotFoundException(`objection ${objectionId} does not exist on change ${changeId}`);
    return objectionViewOf(result.aggregate.toObject());
  }

  /** The objections of the given changes, by change id (one read of a small collection). */
  async byChange(changeIds?: string[]): Promise<Map<string, ObjectionView[]>> {
    const found = await this.objections
      .find(changeIds ? { changeId: { $in: changeIds } } : {}, this.store.withoutStaged(this.objections))
      .sort({ receivedAt: 1 })
      .lean<Objection[]>();
    const byChange = new Map<string, ObjectionView[]>();
    for (const o of found) byChange.set(o.changeId, [...(byChange.get(o.changeId) ?? []), objectionViewOf(o)]);
    return byChange;
  }
}
