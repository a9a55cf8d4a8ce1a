import { HealthIndicatorService } from '@nestjs/terminus';
import type { KafkaConnection } from './kafka-connection';
import { KafkaHealthIndicator } from './kafka-health.indicator';

const connection = (admin: () => Promise<unknown>) => ({ admin }) as unknown as KafkaConnection;

describe('KafkaHealthIndicator', () => {
  const health = new HealthIndicatorService();

  it('is up with the number of brokers when the cluster answers', async () => {
    const indicator = new KafkaHealthIndicator(connection(async () => ({ describeCluster: async () => ({ brokers: [{}, {}] }) })), health);
    await expect(indicator.check('kafka')).resolves.toEqual({ kafka: { status: 'up', brokers: 2 } });
  });

  it('is down with the reason when the broker cannot be reached', async () => {
    const indicator = new KafkaHealthIndicator(
      connection(async () => {
        throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
      }),
      health,
    );
    await expect(indicator.check('kafka')).resolves.toEqual({
      kafka: { status: 'down', message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092' },
    });
  });
});
