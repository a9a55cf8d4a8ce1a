import { DynamicModule, Global, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import type { Connection } from 'mongoose';
import { AuthModule } from '@forewarn/auth';
import { AdjustableClock, Clock, SystemClock } from './clock/clock';
import { TestClockController } from './clock/test-clock.controller';
import { SERVICE_CONFIG, SERVICE_NAME } from './config/config.tokens';
import { ActorInterceptor } from './context/actor.interceptor';
import { ServiceConfig } from './config/service-config';
import { DocumentWriteQueue } from './database/document-write-queue';
import { HealthController } from './health/health.controller';
import { LoggingModule } from './logging/logging.module';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/service-metrics';

export interface PlatformOptions {
  serviceName: string;
  config: ServiceConfig;
  /** The service's own database; MONGODB_DATABASE overrides it. */
  databaseName: string;
}

/**
 * What every Forewarn service has: validated config, the clock, JSON logs, its own MongoDB
 * database and its per-document write queue (`DocumentWriteQueue`), staff auth on every endpoint,
 * /health, /metrics, and the opt-in test clock.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationBootstrap {
  static forService({ serviceName, config, databaseName }: PlatformOptions): DynamicModule {
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
        AuthModule.forRoot({
          secret: config.AUTH_JWT_SECRET,
          previousSecrets: config.AUTH_JWT_PREVIOUS_SECRETS?.split(',').map((s) => s.trim()),
          jwksUrl: config.AUTH_JWKS_URL,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE_SECONDS,
        }),
      ],
      controllers: [HealthController, MetricsController, ...(config.FOREWARN_TEST_CLOCK ? [TestClockController] : [])],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: serviceName },
        { provide: Clock, useValue: config.FOREWARN_TEST_CLOCK ? new AdjustableClock() : new SystemClock() },
        { provide: MetricsRegistry, useValue: MetricsRegistry.forService(serviceName) },
        { provide: APP_INTERCEPTOR, useClass: ActorInterceptor },
        DocumentWriteQueue,
      ],
      exports: [SERVICE_CONFIG, SERVICE_NAME, Clock, MetricsRegistry, DocumentWriteQueue],
    };
  }

  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** Unique indexes carry the idempotency rules, so they must exist before any write. */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(Object.values(this.connection.models).map((model) => model.init()));
  }
}
