import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { AggregateStore } from '@forewarn/aggregates';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import type { ChangeMoment, RecordTransition } from '../changes/domain/record-transitions';
import { ListVersionsService } from '../list-versions/list-versions.service';
import { checkDirectEdit, checkTransferMechanism, InvalidFieldError, MaterialEditError, ON_PUBLIC_LIST, SubprocessorStatus } from './domain/subprocessor-record';
import { CreateSubprocessorDto, UpdateSubprocessorDto } from './subprocessor.dto';
import { Subprocessor, SubprocessorDocument } from './subprocessor.schema';

@Injectable()
export class SubprocessorsService implements OnModuleInit {
  private readonly logger = new Logger(SubprocessorsService.name);

  constructor(
    @InjectModel(Subprocessor.name) private readonly subprocessors: Model<Subprocessor>,
    private readonly listVersions: ListVersionsService,
    private readonly store: AggregateStore,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.store.register(this.subprocessors);
  }

  /** Registers a subprocessor as `pending`: it reaches the public list only when its addition takes effect. */
  async register(dto: CreateSubprocessorDto, actor: string): Promise<SubprocessorDocument> {
    return this.insert(dto, 'pending', actor).catch((e: unknown) => {
      if (isDuplicateKeyError(e)) throw new ConflictException(`name: a subprocessor called "${dto.name}" is already registered`);
      throw e;
    });
  }

  /**
   * Records the subprocessors already in force when Forewarn is adopted (customers were told of
   * them before): they are `active` at once, with no change notice. Existing names are left alone.
   */
  async importInForce(dtos: CreateSubprocessorDto[], actor: string): Promise<{ created: string[]; existing: string[] }> {
    const report = { created: [] as string[], existing: [] as string[] };
    for (const dto of dtos) {
      try {
        await this.insert(dto, 'active', actor);
        report.created.push(dto.name);
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
        report.existing.push(dto.name);
      }
    }
    if (report.created.length > 0) await this.listVersions.bump({ action: 'imported', summary: `imported ${report.created.join(', ')}` });
    return report;
  }

  /**
   * Edits a record. A pending one freely; one on the list only outside what customers were told
   * (DPA, address, website, products): its material fields change through an update notice.
   */
  async edit(id: string, dto: UpdateSubprocessorDto, actor: string): Promise<SubprocessorDocument> {
    const current = await this.get(id);
    const fields = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
    try {
      // Both in the body and at odds: the request itself is wrong (400); at odds with what is
      // stored (an eu-sccs record's module, say): it conflicts with the record (409).
      if (dto.transferMechanism !== undefined && dto.sccModule !== undefined) checkTransferMechanism(dto.transferMechanism, dto.sccModule);
    } catch (e) {
      if (e instanceof InvalidFieldError) throw new BadRequestException([e.message]);
      throw e;
    }
    try {
      checkDirectEdit(current.status, fields);
      checkTransferMechanism(dto.transferMechanism ?? current.transferMechanism, dto.sccModule ?? current.sccModule);
    } catch (e) {
      if (e instanceof MaterialEditError || e instanceof InvalidFieldError) throw new ConflictException(e.message);
      throw e;
    }
    const set = { ...this.fieldsOf(dto), updatedAt: this.clock.now() };
    const result = await this.store
      .change<SubprocessorDocument>(this.subprocessors, current._id, (stored) => {
        if (stored.status !== current.status) throw new ConflictException(`subprocessor ${id} changed status meanwhile; read it again and retry`);
        return { set, audit: { action: 'subprocessor.edited', entityType: 'subprocessor', entityId: id, changes: set } };
      })
      .catch((e: unknown) => {
        if (isDuplicateKeyError(e)) throw new ConflictException(`name: a subprocessor called "${dto.name}" is already registered`);
        throw e;
      });
    if (!result) throw new NotFoundException(`subprocessor ${id} does not exist`);
    const updated = result.aggregate;
    if (ON_PUBLIC_LIST.includes(updated.status)) {
      await this.listVersions.bump({ action: 'edited', subprocessorName: updated.name, summary: `edited ${fields.join(', ')}` });
    }
    return updated;
  }

  /**
   * Applies one step of a change to a record, once: the record remembers which change moments it
   * has taken, so a timer firing twice, or two replicas, change it only once.
   */
  async applyTransition(step: RecordTransition, changeId: string, moment: ChangeMoment, actor: string): Promise<boolean> {
    const applied = `${changeId}:${moment}`;
    const at = this.clock.now();
    const set: Record<string, unknown> = { ...(step.set ?? {}), updatedAt: at };
    if (step.to) set.status = step.to;
    const result = await this.store.change<SubprocessorDocument>(this.subprocessors, new Types.ObjectId(step.subprocessorId), (stored) => {
      if (!step.from.includes(stored.status) || stored.appliedChangeIds.includes(applied)) return undefined;
      return {
        set: { ...set, appliedChangeIds: [...stored.appliedChangeIds, applied] },
        append: { history: step.to ? [{ status: step.to, at, by: actor, changeId, note: `change ${moment}` }] : [] },
        audit: { action: `subprocessor.change-${moment}`, entityType: 'subprocessor', entityId: step.subprocessorId, summary: `change ${changeId} ${moment}`, changes: set },
      };
    });
    if (!result?.changed) {
      this.logger.debug(`subprocessor ${step.subprocessorId}: change ${changeId} ${moment} already applied or not applicable`);
      return false;
    }
    return true;
  }

  list(status?: SubprocessorStatus): Promise<SubprocessorDocument[]> {
    return this.subprocessors.find(status ? { status } : {}, this.store.withoutStaged(this.subprocessors)).sort({ category: 1, name: 1 }).exec();
  }

  async get(id: Types.ObjectId | string): Promise<SubprocessorDocument> {
    const found = await this.subprocessors.findById(id, this.store.withoutStaged(this.subprocessors)).exec();
    if (!found) throw new NotFoundException(`subprocessor ${String(id)} does not exist`);
    return found;
  }

  private fieldsOf(dto: UpdateSubprocessorDto): Record<string, unknown> {
    const fields: Record<string, unknown> = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    if (dto.dpaSignedAt) fields.dpaSignedAt = new Date(dto.dpaSignedAt);
    return fields;
  }

  private async insert(dto: CreateSubprocessorDto, status: SubprocessorStatus, actor: string) {
    try {
      checkTransferMechanism(dto.transferMechanism, dto.sccModule);
    } catch (e) {
      if (e instanceof InvalidFieldError) throw new BadRequestException([e.message]);
      throw e;
    }
    const _id = new Types.ObjectId();
    const at = this.clock.now();
    await this.store.create(
      this.subprocessors,
      {
        _id,
        ...this.fieldsOf(dto),
        status,
        history: [{ status, at, by: actor, note: status === 'active' ? 'imported as already in force' : 'registered' }],
        createdAt: at,
        createdBy: actor,
      },
      {
        audit: {
          action: status === 'active' ? 'subprocessor.imported' : 'subprocessor.registered',
          entityType: 'subprocessor',
          entityId: _id.toString(),
          summary: dto.name,
          changes: { ...dto },
        },
      },
    );
    return this.get(_id);
  }
}
