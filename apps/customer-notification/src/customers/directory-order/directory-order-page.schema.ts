import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One page of the directory's listing notes (a `NumberedPages` record, `_id` = `<stream>#<n>`):
 * the customers' rows as each write left them, so a replica builds and keeps its name order from
 * reads by `_id` instead of scanning the customers. Insert-only. See `CustomerDirectoryOrder`.
 */
@Schema({ collection: 'customer_directory_pages', versionKey: false })
export class DirectoryOrderPage {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) stream!: string;
  @Prop({ required: true }) n!: number;
  @Prop({ required: true }) count!: number;
  @Prop({ type: Buffer, required: true }) rows!: Buffer;
  @Prop({ required: true }) writtenAt!: Date;
}

export const DirectoryOrderPageSchema = SchemaFactory.createForClass(DirectoryOrderPage);
