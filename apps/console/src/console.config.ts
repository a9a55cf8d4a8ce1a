import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, MinLength, ValidateIf } from 'class-validator';
import { FlagSetting, HttpAppConfig, IntSetting } from '@forewarn/platform';

const httpUrl = (name: string) => IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: `${name} must be an http(s) URL` });

/** The staff console's settings: the three services it calls, how staff sign in, and its sessions. */
export class ConsoleConfig extends HttpAppConfig {
  override PORT = 3000;

  @IsNotEmpty()
  @httpUrl('REGISTRY_URL')
  REGISTRY_URL = 'http://127.0.0.1:3001';

  @IsNotEmpty()
  @httpUrl('NOTIFICATION_URL')
  NOTIFICATION_URL = 'http://127.0.0.1:3002';

  @IsNotEmpty()
  @httpUrl('BREACH_URL')
  BREACH_URL = 'http://127.0.0.1:3003';

  /** The public subprocessor list as customers reach it, for links to the versions a change made. */
  @IsNotEmpty()
  @httpUrl('PUBLIC_LIST_URL')
  PUBLIC_LIST_URL = 'http://127.0.0.1:3001';

  /**
   * Signs the short-lived staff tokens the console sends to the services on a signed-in person's
   * behalf: the services' own AUTH_JWT_SECRET, so they accept them.
   */
  @IsString({ message: 'AUTH_JWT_SECRET is required (32+ characters): the services\' secret, to call them on staff members\' behalf' })
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET!: string;

  /** Lets anyone pick a role on a local sign-in page. Refused with NODE_ENV=production. */
  @FlagSetting()
  CONSOLE_DEV_SIGN_IN = false;

  /** OpenID Connect issuer (discovery at `/.well-known/openid-configuration`). */
  @IsOptional()
  @httpUrl('OIDC_ISSUER_URL')
  OIDC_ISSUER_URL?: string;

  @ValidateIf((c: ConsoleConfig) => !!c.OIDC_ISSUER_URL)
  @IsString({ message: 'OIDC_CLIENT_ID is required with OIDC_ISSUER_URL' })
  OIDC_CLIENT_ID?: string;

  @ValidateIf((c: ConsoleConfig) => !!c.OIDC_ISSUER_URL)
  @IsString({ message: 'OIDC_CLIENT_SECRET is required with OIDC_ISSUER_URL' })
  OIDC_CLIENT_SECRET?: string;

  /** Where the issuer sends staff back: this console's `/auth/callback`, as registered with it. */
  @ValidateIf((c: ConsoleConfig) => !!c.OIDC_ISSUER_URL)
  @httpUrl('OIDC_REDIRECT_URL')
  OIDC_REDIRECT_URL?: string;

  /** The ID token claim holding the person's roles (a dotted path for nested claims, e.g. `realm_access.roles`). */
  @IsString()
  OIDC_ROLES_CLAIM = 'roles';

  /** Minutes without a request after which a session ends. */
  @IntSetting(1, 24 * 60)
  CONSOLE_SESSION_IDLE_MINUTES = 30;

  /** Hours after sign-in after which a session ends, however busy. */
  @IntSetting(1, 7 * 24)
  CONSOLE_SESSION_MAX_HOURS = 12;

  /** `auto`: Secure cookies in production only; `true` also behind a local TLS proxy. */
  @IsIn(['auto', 'true', 'false'])
  CONSOLE_SECURE_COOKIES: 'auto' | 'true' | 'false' = 'auto';

  get secureCookies(): boolean {
    return this.CONSOLE_SECURE_COOKIES === 'auto' ? this.NODE_ENV === 'production' : this.CONSOLE_SECURE_COOKIES === 'true';
  }

  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (this.CONSOLE_DEV_SIGN_IN) problems.push('CONSOLE_DEV_SIGN_IN: the local sign-in lets anyone pick a role; it is refused in production');
    if (!this.OIDC_ISSUER_URL) problems.push('OIDC_ISSUER_URL: production staff sign in through OpenID Connect (with OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL)');
    if (this.OIDC_ISSUER_URL && !this.OIDC_ISSUER_URL.startsWith('https://')) problems.push('OIDC_ISSUER_URL: must be https in production');
    if (this.OIDC_REDIRECT_URL && !this.OIDC_REDIRECT_URL.startsWith('https://')) problems.push('OIDC_REDIRECT_URL: must be https in production');
    if (this.CONSOLE_SECURE_COOKIES === 'false') problems.push('CONSOLE_SECURE_COOKIES: session cookies must be Secure in production');
    return problems;
  }
}
