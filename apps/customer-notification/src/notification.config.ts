import { IsEmail, IsOptional, IsString, IsUrl, Matches, MinLength, ValidateIf } from 'class-validator';
import { FlagSetting, IntSetting, NumberSetting, ServiceConfig } from '@forewarn/platform';

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

  /**
   * Emails per second this replica may send (the process-wide token bucket). With several
   * replicas, give each the account's quota divided by the number of replicas.
   */
  @NumberSetting(0.1)
  SES_MAX_SEND_RATE = 14;

  /** Tries per email before it is recorded failed (throttling does not count). */
  @IntSetting(1)
  DELIVERY_MAX_ATTEMPTS = 12;

  /** First retry delay after a transient failure; doubles each time (with jitter) up to the maximum. */
  @IntSetting(1)
  DELIVERY_RETRY_DELAY_MS = 5000;

  /** The longest wait between two tries of one email (and the longest throttling pause). */
  @IntSetting(100)
  DELIVERY_RETRY_MAX_DELAY_MS = 5 * 60_000;

  /**
   * Emails in hand at once per replica, over every partition it consumes: from the SES request
   * until the send is recorded. SES answers in tens of milliseconds, so the send rate needs
   * several at once; the rate itself is held by SES_MAX_SEND_RATE. Also the most a replica that
   * dies can send twice (sent, not yet recorded).
   */
  @IntSetting(1)
  DELIVERY_CONCURRENCY = 32;

  /**
   * How long a claim on an email protects it. A sender that finds another's claim younger than
   * this waits; an older claim with nothing recorded is taken over (its sender died). SES
   * requests time out at a third of it.
   */
  @IntSetting(1000)
  DELIVERY_CLAIM_LEASE_MS = 60_000;

  /**
   * Breach escalations (a deadline approaching, a deadline missed) are emailed to
   * RESPONDER_EMAILS. Turn off only where responders learn of them another way: with it on, the
   * service does not start without RESPONDER_EMAILS, so a deadline never passes in silence.
   */
  @FlagSetting()
  BREACH_ESCALATION_EMAILS = true;

  /**
   * How often every current contact is checked for a pending change notice it should have and has
   * not (a directory write whose follow-up failed). One insert attempt per contact and pending change.
   */
  @IntSetting(1000)
  PENDING_NOTICE_RECONCILE_INTERVAL_MS = 600_000;

  /** Who gets the breach escalation emails: comma-separated addresses. */
  @ValidateIf((c: NotificationConfig) => c.BREACH_ESCALATION_EMAILS || c.RESPONDER_EMAILS !== undefined)
  @IsString({ message: 'RESPONDER_EMAILS is required while BREACH_ESCALATION_EMAILS is on: the addresses that get breach deadline escalations' })
  @Matches(/^\s*[^\s,@]+@[^\s,@]+(\s*,\s*[^\s,@]+@[^\s,@]+)*\s*$/, { message: 'RESPONDER_EMAILS must be a comma-separated list of email addresses' })
  RESPONDER_EMAILS?: string;

  /**
   * Verify the SNS signature of every message to POST /webhooks/ses. Turn off only for local
   * experiments with hand-made notifications; it is on unless explicitly set to false.
   */
  @FlagSetting()
  SES_WEBHOOK_VERIFY_SIGNATURES = true;

  /**
   * The SNS topics SES reports through (comma-separated ARNs): a message from any other topic is
   * refused before anything is confirmed or recorded, since anyone can publish genuinely signed
   * SNS messages from a topic of their own. Required in production; empty elsewhere allows any.
   */
  @IsOptional()
  @Matches(/^\s*arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+(\s*,\s*arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+)*\s*$/, {
    message: 'SES_WEBHOOK_TOPIC_ARNS must be a comma-separated list of SNS topic ARNs (arn:aws:sns:<region>:<account>:<topic>)',
  })
  SES_WEBHOOK_TOPIC_ARNS?: string;

  /** SNS signature versions accepted: 2 (SHA-256). Add 1 (SHA-1) only for a topic whose
   *  SignatureVersion attribute cannot be set to 2. */
  @Matches(/^(2|1,2|2,1)$/, { message: 'SES_WEBHOOK_SIGNATURE_VERSIONS must be 2 or 1,2' })
  SES_WEBHOOK_SIGNATURE_VERSIONS = '2';

  /** Oldest SNS message accepted, by its signed Timestamp (SNS stops retrying within an hour). */
  @IntSetting(60)
  SES_WEBHOOK_MAX_AGE_SECONDS = 3600;

  /** How long the signed link in a change email stays valid after the change takes effect. */
  @IntSetting(1)
  NOTICE_LINK_DAYS_AFTER_EFFECTIVE = 90;

  /** The company that sends the notices (the data processor), named in every email. */
  @IsString()
  NOTICE_SENDER_NAME = 'Infotek Software Limited';

  /** HMAC key of the links in change emails (32+ characters). To rotate it, see NOTICE_LINK_PREVIOUS_SECRETS. */
  @IsString({ message: 'NOTICE_LINK_SECRET is required (32+ characters): it signs the links in change emails' })
  @MinLength(32, { message: 'NOTICE_LINK_SECRET must be at least 32 characters' })
  NOTICE_LINK_SECRET!: string;

  /** Earlier NOTICE_LINK_SECRETs (comma-separated): they still verify the links they signed until
   *  those expire, so rotating the secret voids no link already sent (docs/OPERATIONS.md). */
  @IsOptional()
  @Matches(/^\s*[^,\s]{32,}(\s*,\s*[^,\s]{32,})*\s*$/, { message: 'NOTICE_LINK_PREVIOUS_SECRETS must be a comma-separated list of secrets of 32+ characters' })
  NOTICE_LINK_PREVIOUS_SECRETS?: string;

  /** Where customers reach this service's public pages; links in emails start with it. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3002';

  /** The public list of subprocessors (the registry's page): the subscription pages send people
   *  there for the changes announced before they subscribed. Unset, they do not link to it. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'PUBLIC_LIST_URL must be an http(s) URL' })
  PUBLIC_LIST_URL?: string;

  /** Requests one client (IP address) may make to the customer pages per NOTICE_PAGE_RATE_TTL_MS. */
  @IntSetting(1)
  NOTICE_PAGE_RATE_LIMIT = 30;

  @IntSetting(1000)
  NOTICE_PAGE_RATE_TTL_MS = 60_000;

  /**
   * Seals customers' webhook signing secrets at rest (32+ characters). Changing it makes the
   * stored secrets unreadable: every endpoint would need a new one (docs/OPERATIONS.md).
   */
  @IsString({ message: 'WEBHOOK_SECRETS_KEY is required (32+ characters): it seals the webhook signing secrets at rest' })
  @MinLength(32, { message: 'WEBHOOK_SECRETS_KEY must be at least 32 characters' })
  WEBHOOK_SECRETS_KEY!: string;

  /** How long a webhook endpoint has to answer an attempt before it counts as unreachable. */
  @IntSetting(1000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * host:port pairs (comma-separated) that webhooks may reach although they are internal: a
   * receiver on this machine for tests and demos. Refused in production.
   */
  @IsOptional()
  @Matches(/^\s*[^\s,:]+:\d{1,5}(\s*,\s*[^\s,:]+:\d{1,5})*\s*$/, { message: 'WEBHOOK_PRIVATE_TARGETS_ALLOWED must be a comma-separated list of host:port' })
  WEBHOOK_PRIVATE_TARGETS_ALLOWED?: string;

  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (!this.SES_WEBHOOK_VERIFY_SIGNATURES) problems.push('SES_WEBHOOK_VERIFY_SIGNATURES: must be on in production');
    if (!this.SES_WEBHOOK_TOPIC_ARNS) problems.push('SES_WEBHOOK_TOPIC_ARNS: required in production: the SNS topics SES reports through');
    if (this.WEBHOOK_PRIVATE_TARGETS_ALLOWED) problems.push('WEBHOOK_PRIVATE_TARGETS_ALLOWED: not allowed in production (webhooks must never reach internal hosts)');
    if (!this.PUBLIC_BASE_URL.startsWith('https://')) problems.push('PUBLIC_BASE_URL: must be https in production (links in emails carry signed tokens)');
    return problems;
  }
}

export const responderEmailsOf = (config: NotificationConfig): string[] =>
  (config.RESPONDER_EMAILS ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);

export const snsTopicsOf = (config: NotificationConfig): string[] =>
  (config.SES_WEBHOOK_TOPIC_ARNS ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
