import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { ListVersionsModule } from '../list-versions/list-versions.module';
import { RegistryConfig } from '../registry.config';
import { PublicListController } from './public-list.controller';

/** The unauthenticated list, page and feed, rate-limited per client address (in memory, per replica). */
@Module({
  imports: [
    ListVersionsModule,
    ThrottlerModule.forRootAsync({
      inject: [SERVICE_CONFIG],
      useFactory: (config: RegistryConfig) => [{ ttl: 60_000, limit: config.PUBLIC_RATE_LIMIT_PER_MINUTE }],
    }),
  ],
  controllers: [PublicListController],
})
export class PublicListModule {}
