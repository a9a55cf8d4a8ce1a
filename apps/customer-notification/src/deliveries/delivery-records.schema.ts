import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * A sender's claim on one attempt at an email (a `NumberedLeases` record), inserted just before
 * the send under `_id` = `${deliveryId}#${n}`. The insert that succeeds owns the attempt; a
 * duplicate means another sender (or an earlier run) has it. Insert-only.
 */
@Schema({ collection: 'delivery_claims', versionKey: false })
export class DeliveryClaim {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) deliveryId!: string;
  @Prop({ required: true }) n!: number;
  @Prop({ required: true }) owner!: string;
  /** Wall-clock milliseconds: leases measure real time, like the SES quota. */
  @Prop({ required: true }) claimedAtMs!: number;
  @Prop({ required: true }) leaseUntilMs!: number;
}

export const OUTCOME_KINDS = ['sent', 'failed', 'delivered', 'bounced', 'complained'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/**
 * A fact about one email, inserted once under `_id` = `${deliveryId}:${kind}`: SES accepted it
 * (with template, version, subject, SES id), it failed for good, or SES later reported it
 * delivered, bounced or complained about. Insert-only.
 */
@Schema({ collection: 'delivery_outcomes', versionKey: false })
export class DeliveryOutcome {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) deliveryId!: string;
  @Prop({ type: String, required: true }) kind!: OutcomeKind;
  @Prop({ required: true }) sourceId!: string;
  @Prop({ required: true }) customerId!: string;
  @Prop({ required: true }) at!: Date;
  @Prop() sesMessageId?: string;
  @Prop() template?: string;
  @Prop() templateVersion?: number;
  @Prop() subject?: string;
  @Prop() attempts?: number;
  /** The SES error of a failure, or SES's words about a bounce or complaint. */
  @Prop() detail?: string;
}

/** SES message id → delivery, for notifications that carry no tags. Insert-only, read by `_id`. */
@Schema({ collection: 'ses_messages', versionKey: false })
export class SesMessage {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) deliveryId!: string;
}

/**
 * Running counts of one source's emails as counted by one replica (`_id` = `${sourceId}:${replica}`).
 * Each replica writes only its own document, one update per batch; readers add them up. Small:
 * one document per source and replica.
 */
@Schema({ collection: 'delivery_progress', versionKey: false })
export class DeliveryProgress {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) sourceId!: string;
  @Prop({ default: 0 }) total!: number;
  @Prop({ default: 0 }) sent!: number;
  @Prop({ default: 0 }) failed!: number;
  @Prop({ default: 0 }) delivered!: number;
  @Prop({ default: 0 }) bounced!: number;
  @Prop({ default: 0 }) complained!: number;
}

/**
 * One page of a proof stream (a `NumberedPages` record, `_id` = `<event>/<stream>#<n>`): rows
 * written beside the delivery records as they happen, so that proof of notice reads an event's
 * emails by `_id` instead of scanning. Insert-only. See `ProofPages`.
 */
@Schema({ collection: 'proof_pages', versionKey: false })
export class ProofPage {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) stream!: string;
  @Prop({ required: true }) n!: number;
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) rows!: unknown[];
  @Prop({ required: true }) writtenAt!: Date;
}

export const DeliveryClaimSchema = SchemaFactory.createForClass(DeliveryClaim);
export const DeliveryOutcomeSchema = SchemaFactory.createForClass(DeliveryOutcome);
DeliveryOutcomeSchema.index({ sourceId: 1 });
DeliveryOutcomeSchema.index({ customerId: 1 });
export const SesMessageSchema = SchemaFactory.createForClass(SesMessage);
export const DeliveryProgressSchema = SchemaFactory.createForClass(DeliveryProgress);
DeliveryProgressSchema.index({ sourceId: 1 });
export const ProofPageSchema = SchemaFactory.createForClass(ProofPage);

/**
 * The priority lane's mark, one document (`_id` = `urgent`): until when some replica has urgent
 * email work in hand (wall-clock milliseconds, like leases). Renewed while the work lasts; every
 * replica reads it by `_id` to hold its bulk sending meanwhile.
 */
@Schema({ collection: 'send_lanes', versionKey: false })
export class SendLaneMark {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) busyUntilMs!: number;
}

export const SendLaneMarkSchema = SchemaFactory.createForClass(SendLaneMark);

/** A sending replica's heartbeat (`_id` = its name), so another takes its claims over in seconds when it dies (`ReplicaLiveness`). */
@Schema({ collection: 'sender_replicas', versionKey: false })
export class SenderReplica {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) beatAtMs!: number;
  @Prop() stopped?: boolean;
}

export const SenderReplicaSchema = SchemaFactory.createForClass(SenderReplica);
// Beats of replicas long gone are cleared by age at start.
SenderReplicaSchema.index({ beatAtMs: 1 });
