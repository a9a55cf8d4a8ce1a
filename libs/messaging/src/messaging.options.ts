import type { ServiceConfig } from '@forewarn/platform/config/service-config';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** Used as Kafka client id, consumer group and CloudEvents source. */
  serviceName: string;
  config: ServiceConfig;
  /** Topics (spec names) this service publishes to or consumes from; created at start. */
  topics: readonly string[];
}
