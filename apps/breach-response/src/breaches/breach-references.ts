import { Injectable } from '@nestjs/common';
import { InjectModel, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@forewarn/platform';
import { breachReference } from './domain/breach-reference';

/**
 * `_id: BR-2026-0007 → breachId`: claiming a reference is an insert under that `_id`, so two
 * replicas can never hand out the same one. The per-year document (`_id: BR-2026`) only hints where
 * to start trying.
 */
@Schema({ collection: 'breach_references', versionKey: false })
export class BreachReferenceClaim {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop() breachId?: string;
  @Prop() last?: number;
}

export const BreachReferenceClaimSchema = SchemaFactory.createForClass(BreachReferenceClaim);

@Injectable()
export class BreachReferences {
  constructor(@InjectModel(BreachReferenceClaim.name) private readonly claims: Model<BreachReferenceClaim>) {}

  async claim(year: number, breachId: string): Promise<string> {
    const hintId = `BR-${year}`;
    const hint = await this.claims.findById(hintId).lean();
    for (let n = (hint?.last ?? 0) + 1; ; n++) {
      const reference = breachReference(year, n);
      try {
        await this.claims.create({ _id: reference, breachId });
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      await this.claims.updateOne({ _id: hintId }, { $max: { last: n } }, { upsert: true }).catch(() => undefined);
      return reference;
    }
  }

  /** The breach a reference was given to, so `/breaches/BR-2026-0007` works as well as the id. */
  async breachIdOf(reference: string): Promise<string | undefined> {
    return (await this.claims.findById(reference).lean())?.breachId;
  }
}
