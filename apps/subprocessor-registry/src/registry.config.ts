import { IsNotEmpty, IsOptional, IsString, IsUrl, Matches } from 'class-validator';
import { EvidenceSigningKeySetting, evidenceKeyProblems } from '@forewarn/evidence';
import { IntSetting, ServiceConfig } from '@forewarn/platform';
import { MINIMUM_NOTICE_PERIOD_DAYS } from './changes/domain/notice-period';

export class RegistryConfig extends ServiceConfig {
  override PORT = 3001;

  /** Days customers are told before a change takes effect: 30 or more, never less. */
  @IntSetting(MINIMUM_NOTICE_PERIOD_DAYS)
  NOTICE_PERIOD_DAYS = MINIMUM_NOTICE_PERIOD_DAYS;

  /** Reminders before a change's effective date, in whole days, comma-separated (e.g. "14,7"). */
  @IsString()
  @Matches(/^\s*[1-9]\d*\s*(,\s*[1-9]\d*\s*)*$/, { message: 'REMINDER_OFFSETS_DAYS must be whole days of at least 1, comma-separated (e.g. "14,7")' })
  REMINDER_OFFSETS_DAYS = '7';

  /** Requests per minute one client address may make to the public list, page and feed. */
  @IntSetting(1)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 300;

  /** Where the public list is reachable, for the absolute links of the Atom feed. */
  @IsNotEmpty()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL = 'http://localhost:3001';

  /**
   * The notification service, as the registry reaches it: a change's evidence bundle carries its
   * proof of notice, read there with the requesting staff member's own token.
   */
  @IsNotEmpty()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'NOTIFICATION_SERVICE_URL must be an http(s) URL' })
  NOTIFICATION_SERVICE_URL = 'http://127.0.0.1:3002';

  /**
   * The notification service's public subscription (`<its PUBLIC_BASE_URL>/subscriptions`): the
   * public list's form posts there, so anyone may be emailed its changes; unset, the list has none.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'SUBSCRIPTION_PAGE_URL must be an http(s) URL' })
  SUBSCRIPTION_PAGE_URL?: string;

  /** The Ed25519 seed that signs evidence bundles (32 bytes, base64url); required in production. */
  @EvidenceSigningKeySetting()
  EVIDENCE_SIGNING_KEY?: string;

  /** The public list's subscription form posts to the notification service. */
  override formTargets(): string[] {
    return this.SUBSCRIPTION_PAGE_URL ? [new URL(this.SUBSCRIPTION_PAGE_URL).origin] : [];
  }

  override productionProblems(): string[] {
    return [...super.productionProblems(), ...evidenceKeyProblems(this.EVIDENCE_SIGNING_KEY)];
  }
}
