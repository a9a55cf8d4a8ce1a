import { DynamicModule, Module } from '@nestjs/common';
import { AggregatesModule } from '@forewarn/aggregates';
import { AuditModule } from '@forewarn/audit';
import { EvidenceModule } from '@forewarn/evidence';
import { Topics } from '@forewarn/contracts';
import { KafkaEventServer, MessagingModule, RethrowRpcErrorsFilter } from '@forewarn/messaging';
import { PlatformModule, ServiceDescription } from '@forewarn/platform';
import { SchedulingModule } from '@forewarn/scheduling';
import { ChangeNoticesModule } from './changes/change-notices.module';
import { CustomerEventsModule } from './customer-events/customer-events.module';
import { ObjectionsModule } from './objections/objections.module';
import { PublicListModule } from './public-list/public-list.module';
import { RegistryConfig } from './registry.config';
import { SubprocessorsModule } from './subprocessors/subprocessors.module';

export const REGISTRY_SERVICE = 'subprocessor-registry';

export const registryDescription: ServiceDescription = {
  title: 'Forewarn subprocessor registry',
  description:
    'Subprocessors, change notices and their notice period on durable timers, objections, the public list with its versions and Atom feed, the audit trail.',
  eventServer: KafkaEventServer,
  eventFilters: [new RethrowRpcErrorsFilter()],
  importRoutes: ['/api/v1/subprocessors/import'],
};

@Module({})
export class RegistryModule {
  static register(config: RegistryConfig): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        PlatformModule.forService({ serviceName: REGISTRY_SERVICE, config, databaseName: 'forewarn_registry' }),
        MessagingModule.forService({
          serviceName: REGISTRY_SERVICE,
          config,
          topics: [Topics.subprocessorChanges, Topics.customerObjections, Topics.customerTerms],
        }),
        SchedulingModule.forService(),
        AuditModule.forService(),
        EvidenceModule.forService({ signingKey: config.EVIDENCE_SIGNING_KEY }),
        AggregatesModule,
        SubprocessorsModule,
        ChangeNoticesModule,
        ObjectionsModule,
        CustomerEventsModule,
        PublicListModule,
      ],
    };
  }
}
