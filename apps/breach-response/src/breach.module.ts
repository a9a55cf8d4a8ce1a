import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@forewarn/contracts';
import { MessagingModule } from '@forewarn/messaging';
import { PlatformModule, ServiceDescription } from '@forewarn/platform';
import { BreachConfig } from './breach.config';

export const BREACH_SERVICE = 'breach-response';

export const breachDescription: ServiceDescription = {
  title: 'Forewarn breach response',
  description: 'Personal-data breaches, their legal deadlines and escalations, the breach register, the authority report.',
};

/** The service's platform is in place; breaches themselves arrive with their own issue. */
@Module({})
export class BreachModule {
  static register(config: BreachConfig): DynamicModule {
    return {
      module: BreachModule,
      imports: [
        PlatformModule.forService({ serviceName: BREACH_SERVICE, config, databaseName: 'forewarn_breach' }),
        MessagingModule.forService({ serviceName: BREACH_SERVICE, config, topics: [Topics.breachIncidents] }),
      ],
    };
  }
}
