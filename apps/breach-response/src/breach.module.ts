import { DynamicModule, Module } from '@nestjs/common';
import { AggregatesModule } from '@forewarn/aggregates';
import { AuditModule } from '@forewarn/audit';
import { EvidenceModule } from '@forewarn/evidence';
import { Topics } from '@forewarn/contracts';
import { KafkaEventServer, MessagingModule, RethrowRpcErrorsFilter } from '@forewarn/messaging';
import { PlatformModule, ServiceDescription } from '@forewarn/platform';
import { SchedulingModule } from '@forewarn/scheduling';
import { BreachConfig } from './breach.config';
import { BreachesModule } from './breaches/breaches.module';

export const BREACH_SERVICE = 'breach-response';

export const breachDescription: ServiceDescription = {
  title: 'Forewarn breach response',
  description: 'Personal-data breaches, their legal deadlines and escalations, the breach register, the authority report.',
  eventServer: KafkaEventServer,
  eventFilters: [new RethrowRpcErrorsFilter()],
};

@Module({})
export class BreachModule {
  static register(config: BreachConfig): DynamicModule {
    return {
      module: BreachModule,
      imports: [
        PlatformModule.forService({ serviceName: BREACH_SERVICE, config, databaseName: 'forewarn_breach' }),
        MessagingModule.forService({ serviceName: BREACH_SERVICE, config, topics: [Topics.breachIncidents, Topics.notificationDeliveries] }),
        SchedulingModule.forService(),
        AuditModule.forService(),
        EvidenceModule.forService({ signingKey: config.EVIDENCE_SIGNING_KEY }),
        AggregatesModule,
        BreachesModule,
      ],
    };
  }
}
