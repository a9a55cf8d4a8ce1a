import { DynamicModule, Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DurableTimers } from './durable-timers';
import { schedulingMetrics } from './scheduling.metrics';
import {
  PENDING_TIMER_MODEL,
  PendingTimerSchema,
  TIMER_CLAIM_MODEL,
  TIMER_FIRING_MODEL,
  TimerClaimSchema,
  TimerFiringSchema,
} from './timer.schemas';

/**
 * Durable timers for one service, stored in its own database (`timers`, `timer_claims`,
 * `timer_firings`). Needs PlatformModule (config, clock, metrics, the database connection).
 */
@Global()
@Module({})
export class SchedulingModule {
  static forService(): DynamicModule {
    return {
      module: SchedulingModule,
      imports: [
        MongooseModule.forFeature([
          { name: PENDING_TIMER_MODEL, schema: PendingTimerSchema },
          { name: TIMER_CLAIM_MODEL, schema: TimerClaimSchema },
          { name: TIMER_FIRING_MODEL, schema: TimerFiringSchema },
        ]),
      ],
      providers: [DurableTimers, ...schedulingMetrics],
      exports: [DurableTimers],
    };
  }
}
