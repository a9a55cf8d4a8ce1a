import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { BrokerHealthIndicator } from '@forewarn/platform/health/broker-health.indicator';
import { KafkaConnection } from './kafka-connection';

const TIMEOUT_MS = 3000;

@Injectable()
export class KafkaHealthIndicator extends BrokerHealthIndicator {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly health: HealthIndicatorService,
  ) {
    super();
  }

  async check(key: string) {
    const indicator = this.health.check(key);
    try {
      const admin = await this.kafka.admin();
      const cluster = await Promise.race([
        admin.describeCluster(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS).unref()),
      ]);
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (e) {
      return indicator.down({ message: e instanceof Error ? e.message : String(e) });
    }
  }
}
