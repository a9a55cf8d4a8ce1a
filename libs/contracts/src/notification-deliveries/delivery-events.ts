import { IsDateTime } from '../envelope/date-time';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** Events on `notification.deliveries.v1`, keyed by the id of the event the email was about. */
export const DeliveryEventTypes = {
  sent: 'com.forewarn.notification.delivery.sent.v1',
  delivered: 'com.forewarn.notification.delivery.delivered.v1',
  bounced: 'com.forewarn.notification.delivery.bounced.v1',
  complained: 'com.forewarn.notification.delivery.complained.v1',
  failed: 'com.forewarn.notification.delivery.failed.v1',
} as const;

export const DELIVERY_SOURCE_TYPES = ['subprocessor-change', 'breach'] as const;

abstract class DeliveryEventBase {
  @IsString() @IsNotEmpty() deliveryId!: string;
  @IsIn(DELIVERY_SOURCE_TYPES) sourceType!: (typeof DELIVERY_SOURCE_TYPES)[number];
  /** The change or breach the email was about (`<changeId>/public` for a public subscriber's email). */
  @IsString() @IsNotEmpty() sourceId!: string;
  @IsString() @IsNotEmpty() sourceEventId!: string;
  @IsString() @IsNotEmpty() customerId!: string;
  @IsString() @IsNotEmpty() contactId!: string;
}

/** SES accepted the email. `late` when it left less than the notice period before the change. */
export class DeliverySent extends DeliveryEventBase {
  @IsEmail() email!: string;
  @IsString() @IsNotEmpty() template!: string;
  @IsInt() @Min(1) templateVersion!: number;
  @IsString() @IsNotEmpty() sesMessageId!: string;
  @IsDateTime() sentAt!: string;
  @IsOptional() @IsBoolean() late?: boolean;
}

/** What SES later reported about an accepted email (delivery, bounce or complaint). */
export class DeliveryOutcome extends DeliveryEventBase {
  @IsString() @IsNotEmpty() sesMessageId!: string;
  @IsDateTime() at!: string;
  @IsOptional() @IsString() @MaxLength(2000) detail?: string;
}

/** The email could not be sent: rejected, or out of attempts. */
export class DeliveryFailed extends DeliveryEventBase {
  @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @IsInt() @Min(0) attempts!: number;
  @IsDateTime() failedAt!: string;
}
