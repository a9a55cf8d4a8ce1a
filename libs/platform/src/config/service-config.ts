import { IsIn, IsOptional, IsString, IsUrl, Matches, MinLength, ValidateIf } from 'class-validator';
import { FlagSetting, IntSetting } from './setting-decorators';


/**
 * Settings every service reads from its environment. Each service extends this with its own; the
 * whole object is validated before the service starts, so a bad or missing setting stops it with
 * a message that names the variable.
 */
export class ServiceConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IntSetting(0, 65535) // 0: any free port
  PORT!: number;

  /** Interface to listen on: loopback locally, 0.0.0.0 in a container. */
  @IsString()
  HOST = '127.0.0.1';

  @IsString()
  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI = 'mongodb://127.0.0.1:27017';

  /** Connections per service; FerretDB's SQLite backend serialises writes, so more do not help there. */
  @IntSetting(1)
  MONGODB_MAX_POOL_SIZE = 20;

  /** Each service owns its own database; the name defaults per service. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,60}$/, { message: 'MONGODB_DATABASE may hold letters, digits, _ and - only' })
  MONGODB_DATABASE?: string;

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

  /** HS256 secret for locally issued staff tokens; not needed when AUTH_JWKS_URL is set. */
  @ValidateIf((c: ServiceConfig) => !c.AUTH_JWKS_URL)
  @IsString({ message: 'AUTH_JWT_SECRET is required (32+ characters) unless AUTH_JWKS_URL is set' })
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters (or set AUTH_JWKS_URL)' })
  AUTH_JWT_SECRET?: string;

  /** An OIDC issuer's JWKS endpoint; when set, staff tokens are verified against it instead. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Enables POST /internal/test-clock. Refused when NODE_ENV=production. */
  @FlagSetting()
  FOREWARN_TEST_CLOCK = false;

  /** Largest body a bulk import (`POST …/import`, JSON or CSV) may send; other routes keep 100 kB. */
  @IntSetting(1, 1024)
  HTTP_IMPORT_BODY_LIMIT_MB = 20;

  /** How often the outbox relay sweeps for events a crash left unpublished. */
  @IntSetting(50)
  OUTBOX_SWEEP_INTERVAL_MS = 2000;

  /** How long the group waits for a silent consumer before handing its partitions to another. */
  @IntSetting(6000) // the broker's default group.min.session.timeout.ms
  KAFKA_SESSION_TIMEOUT_MS = 30_000;

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
}
