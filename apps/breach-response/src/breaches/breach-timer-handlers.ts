import { Injectable, OnModuleInit } from '@nestjs/common';
import { DurableTimers, FiredTimer } from '@forewarn/scheduling';
import { BreachesService } from './breaches.service';
import { BreachTimerPayload, DEADLINE_TIMER, ESCALATION_TIMER } from './breach-timers';

/** Adapts fired timers to the breach rules; a timer may fire twice, and the service re-checks the breach each time. */
@Injectable()
export class BreachTimerHandlers implements OnModuleInit {
  constructor(
    private readonly timers: DurableTimers,
    private readonly breaches: BreachesService,
  ) {}

  onModuleInit(): void {
    this.timers.handle(ESCALATION_TIMER, (t: FiredTimer) => this.breaches.escalate(t.payload as unknown as BreachTimerPayload));
    this.timers.handle(DEADLINE_TIMER, (t: FiredTimer) => this.breaches.markMissed(t.payload as unknown as BreachTimerPayload));
  }
}
