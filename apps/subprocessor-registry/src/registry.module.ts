import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@forewarn/contracts';
import { MessagingModule } from '@forewarn/messaging';
import { PlatformModule, ServiceDescription } from '@forewarn/platform';
import { ChangeNoticesModule } from './changes/change-notices.module';
import { PublicListController } from './public-list/public-list.controller';
import { RegistryConfig } from './registry.config';
import { SubprocessorsModule } from './subprocessors/subprocessors.module';

export const REGISTRY_SERVICE = 'subprocessor-registry';

export const registryDescription: ServiceDescription = {
  title: 'Forewarn subprocessor registry',
  description: 'Subprocessors, change notices and their 30-day notice period, objections, the public list.',
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
          topics: [Topics.subprocessorChanges, Topics.customerObjections],
        }),
        SubprocessorsModule,
        ChangeNoticesModule,
      ],
      controllers: [PublicListController],
    };
  }
}
