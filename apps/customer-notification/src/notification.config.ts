import { IsEmail, IsOptional, IsString, IsUrl, MinLength } from 'class-validator';
import { IntSetting, NumberSetting, ServiceConfig } from '@forewarn/platform';

export const NOTIFICATION_SERVICE = 'customer-notification';

export class NotificationConfig extends ServiceConfig {
  override PORT = 3002;

  @IsString()
  SES_REGION = 'eu-west-2';

  /** Only for an SES-compatible endpoint such as the local emulator; unset for AWS itself. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  SES_ENDPOINT?: string;

  @IsEmail({}, { message: 'SES_FROM_ADDRESS must be the verified sender address' })
  SES_FROM_ADDRESS = 'privacy@forewarn.example';

  @IsOptional()
  @IsString()
  SES_CONFIGURATION_SET?: string;

  /** The account's SES sending quota in emails per second; sending never exceeds it. */
  @NumberSetting(0.1)
  SES_MAX_SEND_RATE = 14;

  /** Tries per email before it is marked failed (throttling does not count); with the doubling
   *  delays capped at an hour, 12 tries ride out an SES outage of about three hours. */
  @IntSetting(1)
  DELIVERY_MAX_ATTEMPTS = 12;

  /** First retry delay for a failed send; doubles each time, capped at one hour. */
  @IntSetting(1)
  DELIVERY_RETRY_DELAY_MS = 5000;

  /** Emails in flight to SES at once per replica; SES answers in tens of milliseconds, so one
   *  at a time could not reach a quota of more than about 20 per second. */
  @IntSetting(1)
  DELIVERY_CONCURRENCY = 4;

  /** How long a sender may hold an email before another replica may take it over. */
  @IntSetting(1000)
  DELIVERY_LEASE_MS = 120_000;

  /**
   * How often the sender looks for due emails it was not told about: another replica's that died
   * holding a lease, or retries from before a restart. New emails and this replica's own retries
   * wake it directly, so this can be slow; the look is a full scan on FerretDB.
   */
  @IntSetting(50)
  DELIVERY_POLL_INTERVAL_MS = 5000;

  /** HMAC key of the links in change emails (32+ characters). Changing it voids every link sent. */
  @IsString({ message: 'NOTICE_LINK_SECRET is required (32+ characters): it signs the links in change emails' })
  @MinLength(32, { message: 'NOTICE_LINK_SECRET must be at least 32 characters' })
  NOTICE_LINK_SECRET!: string;

  /** Where customers reach this service's public pages; links in emails start with it. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3002';

  /** How long a notice link keeps working after its change took effect (the page still shows it). */
  @IntSetting(0)
  NOTICE_LINK_DAYS_AFTER_EFFECTIVE = 90;

  /** Requests one client (IP address) may make to the customer pages per NOTICE_PAGE_RATE_TTL_MS. */
  @IntSetting(1)
  NOTICE_PAGE_RATE_LIMIT = 30;

  @IntSetting(1000)
  NOTICE_PAGE_RATE_TTL_MS = 60_000;
}
