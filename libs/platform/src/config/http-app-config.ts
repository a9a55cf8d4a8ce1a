import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { FlagSetting, IntSetting } from './setting-decorators';

/**
 * Settings every Forewarn HTTP application reads from its environment: where it listens, its
 * database, logs, proxies and metrics. The whole object is validated before the app starts, so a
 * bad or missing setting stops it with a message that names the variable.
 */
export class HttpAppConfig {
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

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Enables POST /internal/test-clock; allowed only with NODE_ENV=test. */
  @FlagSetting()
  FOREWARN_TEST_CLOCK = false;

  /**
   * Which proxies in front of the service to believe about the client's address
   * (X-Forwarded-For): `false` (none: the default, for a service reached directly), the number of
   * proxies (`1` behind one load balancer), or their addresses/subnets, comma-separated. Rate
   * limits count per client address, so behind a proxy this must be set.
   */
  @Matches(/^(false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*|loopback|linklocal|uniquelocal)$/, {
    message: 'HTTP_TRUST_PROXY must be false, a number of proxies, or comma-separated proxy addresses/subnets',
  })
  HTTP_TRUST_PROXY = 'false';

  /** Serve the API's documentation (`/docs`, `/openapi.json`, `/openapi.yaml`). */
  @FlagSetting()
  HTTP_API_DOCS = true;

  /** When set, `/metrics` answers only requests bearing this token (Prometheus: `authorization`
   *  with `credentials`); unset, it is open and belongs off the public network. */
  @IsOptional()
  @MinLength(16, { message: 'METRICS_BEARER_TOKEN must be at least 16 characters' })
  METRICS_BEARER_TOKEN?: string;

  /**
   * What NODE_ENV=production refuses to start without, one line per setting. Apps add their own
   * (calling this one); docs/SECURITY.md lists them all.
   */
  productionProblems(): string[] {
    return [];
  }

  /** Other origins the service's own pages may post forms to (their CSP `form-action`); none by default. */
  formTargets(): string[] {
    return [];
  }
}
