export * from './domain/timer-firing';
export * from './durable-timers';
export * from './scheduling.module';
export * from './timer.schemas';
