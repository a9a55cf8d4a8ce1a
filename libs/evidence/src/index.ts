export * from './signing-key';
export * from './evidence-bundle';
export * from './evidence.module';
export * from './evidence-settings';
