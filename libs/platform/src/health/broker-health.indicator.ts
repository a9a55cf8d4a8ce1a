import type { HealthIndicatorResult } from '@nestjs/terminus';

/** Implemented by the messaging library, so /health can ask about Kafka without knowing kafkajs. */
export abstract class BrokerHealthIndicator {
  abstract check(key: string): Promise<HealthIndicatorResult>;
}
