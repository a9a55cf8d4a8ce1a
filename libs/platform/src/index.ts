export * from './clock/clock';
export * from './config/service-config';
export * from './config/load-config';
export * from './config/config.tokens';
export * from './context/request-context';
export * from './health/broker-health.indicator';
export * from './platform.module';
export * from './bootstrap/bootstrap';
