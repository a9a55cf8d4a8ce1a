import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import { CreateSubprocessorDto } from './subprocessor.dto';
import { Subprocessor, SubprocessorDocument, SubprocessorStatus } from './subprocessor.schema';

@Injectable()
export class SubprocessorsService {
  constructor(
    @InjectModel(Subprocessor.name) private readonly subprocessors: Model<Subprocessor>,
    private readonly clock: Clock,
  ) {}

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
    return report;
  }

  list(status?: SubprocessorStatus): Promise<SubprocessorDocument[]> {
    return this.subprocessors.find(status ? { status } : {}).sort({ category: 1, name: 1 }).exec();
  }

  async get(id: Types.ObjectId | string): Promise<SubprocessorDocument> {
    const found = await this.subprocessors.findById(id).exec();
    if (!found) throw new NotFoundException(`subprocessor ${String(id)} does not exist`);
    return found;
  }

  private insert(dto: CreateSubprocessorDto, status: SubprocessorStatus, actor: string) {
    return this.subprocessors.create({
      ...dto,
      dpaSignedAt: dto.dpaSignedAt ? new Date(dto.dpaSignedAt) : undefined,
      status,
      createdAt: this.clock.now(),
      createdBy: actor,
    });
  }
}
