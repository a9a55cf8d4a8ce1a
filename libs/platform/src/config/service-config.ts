import { IsOptional, IsString, IsUrl, Matches, MinLength, ValidateIf } from 'class-validator';
import { FlagSetting, IntSetting } from './setting-decorators';
import { HttpAppConfig } from './http-app-config';

/**
 * Settings every event-driven service reads from its environment (HttpAppConfig's, plus Kafka,
 * staff tokens, timers and consumers). Each service extends this with its own; the
 * whole object is validated before the service starts, so a bad or missing setting stops it with
 * a message that names the variable.
 */
export class ServiceConfig extends HttpAppConfig {
  @IsString()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Lets tests (or a shared cluster) keep their topics apart; empty in a normal deployment. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]*$/, { message: 'KAFKA_TOPIC_PREFIX may hold letters, digits, ., _ and - only' })
  KAFKA_TOPIC_PREFIX = '';

  @IntSetting(1)
  KAFKA_TOPIC_PARTITIONS = 6;

  @IntSetting(1)
  KAFKA_REPLICATION_FACTOR = 1;

  @IsOptional()
  @Matches(/^(PLAIN|SCRAM-SHA-256|SCRAM-SHA-512)$/, { message: 'KAFKA_SASL_MECHANISM must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512' })
  KAFKA_SASL_MECHANISM?: string;

  @ValidateIf((c: ServiceConfig) => !!c.KAFKA_SASL_MECHANISM)
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((c: ServiceConfig) => !!c.KAFKA_SASL_MECHANISM)
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  @FlagSetting()
  KAFKA_SSL = false;

  /**
   * Production refuses Kafka without SASL and TLS, unless this says the broker is reachable only
   * on a private network of this deployment's own (the compose file's, say). Anyone who can write
   * a topic can make the services email customers.
   */
  @FlagSetting()
  KAFKA_ALLOW_PLAINTEXT = false;

  /** HS256 secret for locally issued staff tokens; not needed when AUTH_JWKS_URL is set. */
  @ValidateIf((c: ServiceConfig) => !c.AUTH_JWKS_URL)
  @IsString({ message: 'AUTH_JWT_SECRET is required (32+ characters) unless AUTH_JWKS_URL is set' })
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters (or set AUTH_JWKS_URL)' })
  AUTH_JWT_SECRET?: string;

  /** Earlier AUTH_JWT_SECRETs (comma-separated), still accepted for the tokens they signed while
   *  a rotation is under way (docs/OPERATIONS.md). */
  @IsOptional()
  @Matches(/^\s*[^,\s]{32,}(\s*,\s*[^,\s]{32,})*\s*$/, { message: 'AUTH_JWT_PREVIOUS_SECRETS must be a comma-separated list of secrets of 32+ characters' })
  AUTH_JWT_PREVIOUS_SECRETS?: string;

  /** An OIDC issuer's JWKS endpoint; when set, staff tokens are verified against it instead. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  AUTH_JWKS_URL?: string;

  /** The `iss` every staff token must carry; required with AUTH_JWKS_URL (a shared identity
   *  provider signs tokens for other applications and tenants with the same keys). */
  @ValidateIf((c: ServiceConfig) => !!c.AUTH_JWKS_URL || c.AUTH_ISSUER !== undefined)
  @IsString({ message: 'AUTH_ISSUER is required with AUTH_JWKS_URL: the issuer whose tokens are accepted' })
  AUTH_ISSUER?: string;

  /** The `aud` every staff token must carry; required with AUTH_JWKS_URL. */
  @ValidateIf((c: ServiceConfig) => !!c.AUTH_JWKS_URL || c.AUTH_AUDIENCE !== undefined)
  @IsString({ message: 'AUTH_AUDIENCE is required with AUTH_JWKS_URL: the audience (this application) tokens must name' })
  AUTH_AUDIENCE?: string;

  /** Oldest staff token accepted, by its `iat`, whatever its `exp` says. */
  @IntSetting(60)
  AUTH_MAX_TOKEN_AGE_SECONDS = 12 * 3600;

  /** Largest body a bulk import (`POST …/import`, JSON or CSV) may send; other routes keep 100 kB. */
  @IntSetting(1, 1024)
  HTTP_IMPORT_BODY_LIMIT_MB = 20;

  /** How often the outbox relay sweeps for events a crash left unpublished. */
  @IntSetting(50)
  OUTBOX_SWEEP_INTERVAL_MS = 2000;

  /**
   * How long the group waits for a silent consumer before handing its partitions to another: a
   * replica that was killed holds its partitions this long (a restarted one rejoins under a new
   * member id). Long handlers keep heartbeating (a pacemaker), so it need not cover them.
   */
  @IntSetting(6000) // the broker's default group.min.session.timeout.ms
  KAFKA_SESSION_TIMEOUT_MS = 10_000;

  /** How often durable timers look for due work on real time (the test clock fires them at once). */
  @IntSetting(10)
  TIMER_POLL_INTERVAL_MS = 1000;

  /** How long a replica may hold a timer it is firing before another replica may take it over. */
  @IntSetting(1000)
  TIMER_LEASE_MS = 60_000;

  /** Delay before a failed timer handler is tried again; doubles with each failure, capped at an hour. */
  @IntSetting(1)
  TIMER_RETRY_DELAY_MS = 5000;

  /** Due timers one replica reads per pass; each read is a scan of the pending timers on FerretDB,
   *  so larger passes drain a backlog faster (see docs/BENCHMARKS.md). */
  @IntSetting(1)
  TIMER_BATCH_SIZE = 5000;

  /** How often the audit trail sweeps for entries a crash left on their documents. */
  @IntSetting(50)
  AUDIT_SWEEP_INTERVAL_MS = 5000;

  /**
   * How long a consumer remembers the ids of events it handled, to skip them if Kafka delivers them
   * again: between one and two of these periods. Keep it above the topics' retention (Kafka's
   * default is 7 days); older periods are dropped, checked once a day.
   */
  @IntSetting(1)
  CONSUMED_EVENT_RETENTION_DAYS = 14;

  /** How many times a consumer tries an event before it goes to the dead-letter topic. */
  @IntSetting(1)
  CONSUMER_MAX_ATTEMPTS = 5;

  /** First retry delay; it doubles on each further failure (capped at 30 s). */
  @IntSetting(1)
  CONSUMER_RETRY_DELAY_MS = 500;

  /**
   * What NODE_ENV=production refuses to start without, one line per setting. Services add their
   * own (calling this one); docs/SECURITY.md lists them all.
   */
  override productionProblems(): string[] {
    const problems = super.productionProblems();
    if (this.AUTH_JWKS_URL && !this.AUTH_JWKS_URL.startsWith('https://')) problems.push('AUTH_JWKS_URL: must be https in production');
    // Kafka carries the events that make the services email customers: only authenticated, encrypted clients.
    if (!this.KAFKA_ALLOW_PLAINTEXT) {
      if (!this.KAFKA_SASL_MECHANISM) problems.push('KAFKA_SASL_MECHANISM: Kafka clients must authenticate in production (with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD), or KAFKA_ALLOW_PLAINTEXT=true for a broker only a private network reaches');
      if (!this.KAFKA_SSL) problems.push('KAFKA_SSL: Kafka must be reached over TLS in production, or KAFKA_ALLOW_PLAINTEXT=true for a broker only a private network reaches');
    }
    return problems;
  }
}
