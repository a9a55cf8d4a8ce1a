import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A console session, under the SHA-256 of its cookie: reading this collection gives no live cookie. */
@Schema({ collection: 'console_sessions', versionKey: false })
export class StaffSessionDocument {
  @Prop({ type: String })
  _id!: string;

  @Prop({ required: true }) sub!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ type: [String], required: true }) roles!: string[];
  @Prop({ required: true }) csrfToken!: string;
  @Prop({ required: true }) via!: string;
  @Prop({ required: true }) signedInAt!: Date;
  @Prop({ required: true }) lastSeenAt!: Date;
  /** Recomputed at each recorded activity; the sweep deletes what has passed it. */
  @Prop({ required: true, index: true }) expiresAt!: Date;
}

export const StaffSessionSchema = SchemaFactory.createForClass(StaffSessionDocument);
