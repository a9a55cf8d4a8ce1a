import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/** `pending` until its addition takes effect, `active` while on the public list, `removed` after. */
export type SubprocessorStatus = 'pending' | 'active' | 'removed';

@Schema({ collection: 'subprocessors', timestamps: false, versionKey: false })
export class Subprocessor {
  @Prop({ required: true, unique: true }) name!: string;
  @Prop({ required: true }) category!: string;
  @Prop({ required: true }) purpose!: string;
  @Prop({ type: [String], default: [] }) dataCategories!: string[];
  @Prop({ type: [String], default: [] }) locations!: string[];
  @Prop() legalEntity?: string;
  @Prop() transferMechanism?: string;
  @Prop() dpaSignedAt?: Date;
  @Prop() website?: string;
  @Prop({ type: String, required: true, enum: ['pending', 'active', 'removed'], index: true }) status!: SubprocessorStatus;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) createdBy!: string;
}

export type SubprocessorDocument = HydratedDocument<Subprocessor>;
export const SubprocessorSchema = SchemaFactory.createForClass(Subprocessor);
