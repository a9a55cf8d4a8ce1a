export * from './aggregate-change';
export * from './aggregate-schema';
export * from './aggregate-store';
export * from './aggregates.module';
export * from './stale-aggregate.error';
