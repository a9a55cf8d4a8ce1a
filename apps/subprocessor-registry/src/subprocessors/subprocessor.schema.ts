import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import { aggregateSchema } from '@forewarn/aggregates';
import { SCC_MODULES, SccModule, SUBPROCESSOR_STATUSES, SubprocessorStatus, TRANSFER_MECHANISMS, TransferMechanism } from './domain/subprocessor-record';

/** One step of a subprocessor's life: which status it reached, when, by whom, and through which change. */
export interface StatusHistoryEntry {
  status: SubprocessorStatus;
  at: Date;
  by: string;
  changeId?: string;
  note?: string;
}

/** A third party that touches customer data. The collection stays small (tens of documents). */
@Schema({ collection: 'subprocessors', timestamps: false, versionKey: false })
export class Subprocessor {
  @Prop({ required: true, unique: true }) name!: string;
  @Prop() legalEntity?: string;
  @Prop() address?: string;
  @Prop({ required: true }) category!: string;
  @Prop({ required: true }) purpose!: string;
  @Prop({ type: [String], default: [] }) dataCategories!: string[];
  @Prop({ type: [String], default: [] }) dataSubjectCategories!: string[];
  /** Processing locations. */
  @Prop({ type: [String], default: [] }) locations!: string[];
  @Prop() corporateLocation?: string;
  @Prop({ type: String, enum: TRANSFER_MECHANISMS }) transferMechanism?: TransferMechanism;
  @Prop({ type: String, enum: SCC_MODULES }) sccModule?: SccModule;
  @Prop() dpaReference?: string;
  @Prop() dpaSignedAt?: Date;
  @Prop() website?: string;
  @Prop({ type: [String], default: [] }) productsCovered!: string[];
  @Prop({ type: String, required: true, enum: SUBPROCESSOR_STATUSES }) status!: SubprocessorStatus;
  @Prop({ type: [Object], default: [] }) history!: StatusHistoryEntry[];
  /** Changes already applied to this record, so applying one twice (a timer firing again) does nothing. */
  @Prop({ type: [String], default: [] }) appliedChangeIds!: string[];
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) createdBy!: string;
  @Prop() updatedAt?: Date;
}

export type SubprocessorDocument = HydratedDocument<Subprocessor>;
export const SubprocessorSchema = aggregateSchema(SchemaFactory.createForClass(Subprocessor));
// The public list: subprocessors in force, by category and name.
SubprocessorSchema.index({ status: 1, category: 1, name: 1 });
