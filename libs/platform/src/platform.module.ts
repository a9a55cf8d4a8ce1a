import { DynamicModule, Global, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { Connection } from 'mongoose';
import { register } from 'prom-client';
import { AuthModule } from '@forewarn/auth';
import { AdjustableClock, Clock, SystemClock } from './clock/clock';
import { TestClockController } from './clock/test-clock.controller';
import { SERVICE_CONFIG, SERVICE_NAME } from './config/config.tokens';
import { ServiceConfig } from './config/service-config';
import { HealthController } from './health/health.controller';
import { LoggingModule } from './logging/logging.module';
import { MetricsController } from './metrics/metrics.controller';

export interface PlatformOptions {
  serviceName: string;
  config: ServiceConfig;
  /** The service's own database; MONGODB_DATABASE overrides it. */
  databaseName: string;
}

/**
 * What every Forewarn service has: validated config, the clock, JSON logs, its own MongoDB
 * database, staff auth on every endpoint, /health, /metrics, and the opt-in test clock.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationBootstrap {
  static forService({ serviceName, config, databaseName }: PlatformOptions): DynamicModule {
    // Several services can share one process in tests; default metrics register once per process.
    const collectDefaultMetrics = !register.getSingleMetric('process_cpu_user_seconds_total');
    return {
      module: PlatformModule,
      imports: [
        LoggingModule.forService(serviceName, config),
        MongooseModule.forRoot(config.MONGODB_URI, {
          dbName: config.MONGODB_DATABASE ?? databaseName,
          serverSelectionTimeoutMS: 5000,
          maxPoolSize: config.MONGODB_MAX_POOL_SIZE,
        }),
        TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }),
        PrometheusModule.register({
          path: '/metrics',
          controller: MetricsController,
          global: true,
          defaultMetrics: { enabled: collectDefaultMetrics },
          defaultLabels: { service: serviceName },
        }),
        AuthModule.forRoot({
          secret: config.AUTH_JWT_SECRET,
          jwksUrl: config.AUTH_JWKS_URL,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
        }),
      ],
      controllers: config.FOREWARN_TEST_CLOCK ? [HealthController, TestClockController] : [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: serviceName },
        { provide: Clock, useValue: config.FOREWARN_TEST_CLOCK ? new AdjustableClock() : new SystemClock() },
      ],
      exports: [SERVICE_CONFIG, SERVICE_NAME, Clock],
    };
  }

  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** Unique indexes carry the idempotency rules, so they must exist before any write. */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(Object.values(this.connection.models).map((model) => model.init()));
  }
}
