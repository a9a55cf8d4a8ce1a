import { ConflictException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AuditTrail } from '@forewarn/audit';
import { CustomerObjectionReceived, CustomerObjectionWithdrawn } from '@forewarn/contracts';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import { AggregateWrites } from '../aggregate-writes';
import { Objection } from './objection.schema';
import { ObjectionView, objectionViewOf } from './objection.dto';

/** Customers' objections, as the notification service reports them. They never block a change. */
@Injectable()
export class ObjectionsService implements OnModuleInit {
  constructor(
    @InjectModel(Objection.name) private readonly objections: Model<Objection>,
    private readonly audit: AuditTrail,
    private readonly writes: AggregateWrites,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.audit.track(this.objections);
  }

  /** Stores a received objection once: a redelivered event finds its id taken and stops there. */
  async received(event: CustomerObjectionReceived): Promise<void> {
    try {
      await this.writes.run(this.objections, event.objectionId, () =>
        this.objections.create({
          _id: event.objectionId,
          changeId: event.changeId,
          customerId: event.customerId,
          customerName: event.customerName,
          contactId: event.contactId,
          contactEmail: event.contactEmail,
          reason: event.reason,
          receivedAt: new Date(event.receivedAt),
          status: 'open',
          auditPending: [
            this.audit.stage({
              action: 'objection.received',
              entityType: 'objection',
              entityId: event.objectionId,
              summary: `${event.customerName} objected to change ${event.changeId}`,
              changes: { changeId: event.changeId, contactEmail: event.contactEmail, reason: event.reason },
            }),
          ],
        }),
      );
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
  }

  /** Marks it withdrawn; a withdrawal seen before its objection (it should not be) still records both. */
  async withdrawn(event: CustomerObjectionWithdrawn): Promise<void> {
    await this.writes.run(this.objections, event.objectionId, () =>
      this.objections.updateOne(
        { _id: event.objectionId },
        {
          $set: { status: 'withdrawn', withdrawnAt: new Date(event.withdrawnAt), ...(event.reason ? { withdrawalReason: event.reason } : {}) },
          $setOnInsert: { changeId: event.changeId, customerId: event.customerId, customerName: event.customerName, contactId: event.contactId },
          $push: {
            auditPending: this.audit.stage({
              action: 'objection.withdrawn',
              entityType: 'objection',
              entityId: event.objectionId,
              summary: `${event.customerName} withdrew the objection to change ${event.changeId}`,
            }),
          },
        },
        { upsert: true },
      ),
    );
  }

  async resolve(changeId: string, objectionId: string, note: string, actor: string): Promise<ObjectionView> {
    const existing = await this.objections.findById(objectionId, { auditPending: 0 }).lean<Objection>();
    if (!existing || existing.changeId !== changeId) throw new NotFoundException(`objection ${objectionId} does not exist on change ${changeId}`);
    const updated = await this.writes.run(this.objections, objectionId, () =>
      this.objections
        .findOneAndUpdate(
          { _id: objectionId, status: 'open' },
          {
            $set: { status: 'resolved', resolvedAt: this.clock.now(), resolvedBy: actor, resolutionNote: note },
            $push: {
              auditPending: this.audit.stage({
                action: 'objection.resolved',
                entityType: 'objection',
                entityId: objectionId,
                summary: `objection of ${existing.customerName} resolved`,
                changes: { note },
              }),
            },
          },
          { new: true },
        )
        .lean<Objection>(),
    );
    if (!updated) throw new ConflictException(`objection ${objectionId} is ${existing.status}; only an open objection can be resolved`);
    return objectionViewOf(updated);
  }

  /** The objections of the given changes, by change id (one read of a small collection). */
  async byChange(changeIds?: string[]): Promise<Map<string, ObjectionView[]>> {
    const found = await this.objections
      .find(changeIds ? { changeId: { $in: changeIds } } : {}, { auditPending: 0 })
      .sort({ receivedAt: 1 })
      .lean<Objection[]>();
    const byChange = new Map<string, ObjectionView[]>();
    for (const o of found) byChange.set(o.changeId, [...(byChange.get(o.changeId) ?? []), objectionViewOf(o)]);
    return byChange;
  }
}
