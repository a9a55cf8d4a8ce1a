import { Global, Module } from '@nestjs/common';
import { AggregateStore } from './aggregate-store';

/** The aggregate store. Needs PlatformModule, MessagingModule and AuditModule; SchedulingModule if writes plan timers. */
@Global()
@Module({ providers: [AggregateStore], exports: [AggregateStore] })
export class AggregatesModule {}
