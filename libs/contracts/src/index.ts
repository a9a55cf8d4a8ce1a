export * from './topics';
export * from './catalog';
export * from './envelope/cloud-event';
export * from './envelope/parse-event';
export * from './envelope/validate-data';
export * from './subprocessor-changes/subprocessor-snapshot';
export * from './subprocessor-changes/change-events';
