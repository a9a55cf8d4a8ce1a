import { Prop } from '@nestjs/mongoose';
import type { HasOutbox, PendingEvent } from '@forewarn/messaging';

/** Who answered a change notice through its signed link: the change, the customer, the contact. */
export abstract class ContactAnswer implements HasOutbox {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) changeId!: string;
  @Prop({ required: true }) customerId!: string;
  @Prop({ required: true }) customerName!: string;
  @Prop({ required: true }) contactId!: string;
  @Prop({ required: true }) contactName!: string;
  @Prop({ required: true }) contactEmail!: string;
  outbox!: PendingEvent[];
}
