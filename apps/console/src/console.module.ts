import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { AdjustableClock, Clock, LoggingModule, SERVICE_CONFIG, SERVICE_NAME, SystemClock, TestClockController } from '@forewarn/platform';
import { AuditPagesController } from './audit/audit-pages.controller';
import { BreachPagesController } from './breaches/breach-pages.controller';
import { ChangePagesController } from './changes/change-pages.controller';
import { ConsoleConfig } from './console.config';
import { ConsoleHealthController } from './console-health.controller';
import { CustomerPagesController } from './customers/customer-pages.controller';
import { HomePageController } from './home/home-page.controller';
import { SessionMiddleware } from './session/session.middleware';
import { StaffPageGuard } from './session/staff-page.guard';
import { StaffSessionDocument, StaffSessionSchema } from './session/staff-session.schema';
import { StaffSessions } from './session/staff-sessions';
import { OidcSignIn } from './sign-in/oidc-sign-in';
import { PendingSignInDocument, PendingSignInSchema } from './sign-in/pending-sign-in.schema';
import { SignInController } from './sign-in/sign-in.controller';
import { StaffApi } from './staff-api/staff-api';
import { SubprocessorPagesController } from './subprocessors/subprocessor-pages.controller';
import { TemplatePagesController } from './templates/template-pages.controller';
import { ConsolePagesFilter } from './views/console-pages.filter';
import { PageRenderer } from './views/page-renderer';

/**
 * The staff console: pages rendered on the server from the three services' APIs, called with a
 * token minted per request for the signed-in person. Its own database holds only sessions.
 */
@Module({})
export class ConsoleModule implements NestModule {
  static register(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        LoggingModule.forService('console', config),
        MongooseModule.forRoot(config.MONGODB_URI, {
          dbName: config.MONGODB_DATABASE ?? 'forewarn_console',
          serverSelectionTimeoutMS: 5000,
          maxPoolSize: config.MONGODB_MAX_POOL_SIZE,
        }),
        MongooseModule.forFeature([
          { name: StaffSessionDocument.name, schema: StaffSessionSchema },
          { name: PendingSignInDocument.name, schema: PendingSignInSchema },
        ]),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [
        ConsoleHealthController,
        SignInController,
        HomePageController,
        SubprocessorPagesController,
        ChangePagesController,
        BreachPagesController,
        CustomerPagesController,
        TemplatePagesController,
        AuditPagesController,
        ...(config.FOREWARN_TEST_CLOCK ? [TestClockController] : []),
      ],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: 'console' },
        { provide: Clock, useValue: config.FOREWARN_TEST_CLOCK ? new AdjustableClock() : new SystemClock() },
        { provide: APP_GUARD, useClass: StaffPageGuard },
        { provide: APP_FILTER, useClass: ConsolePagesFilter },
        StaffSessions,
        OidcSignIn,
        StaffApi,
        PageRenderer,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware).forRoutes('{*path}');
  }
}
