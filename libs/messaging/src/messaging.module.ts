import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BrokerHealthIndicator } from '@forewarn/platform/health/broker-health.indicator';
import { ConsumedEvents } from './consumer/consumed-events';
import { KafkaEventServer } from './consumer/kafka-event-server';
import { KafkaConnection } from './kafka/kafka-connection';
import { KafkaHealthIndicator } from './kafka/kafka-health.indicator';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { EventStager } from './outbox/event-stager';
import { OutboxRelay } from './outbox/outbox-relay';
import { messagingMetrics } from './messaging.metrics';

/** Kafka for one service: its topics, the outbox relay, and the consumer transport. */
@Global()
@Module({})
export class MessagingModule implements OnApplicationBootstrap {
  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [TerminusModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        KafkaConnection,
        ConsumedEvents,
        KafkaEventServer,
        KafkaHealthIndicator,
        { provide: BrokerHealthIndicator, useExisting: KafkaHealthIndicator },
        EventStager,
        OutboxRelay,
        ...messagingMetrics,
      ],
      exports: [KafkaConnection, KafkaEventServer, BrokerHealthIndicator, EventStager, OutboxRelay],
    };
  }

  constructor(
    private readonly kafka: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** Topics exist before the consumer subscribes or the first outbox event is relayed. */
  async onApplicationBootstrap(): Promise<void> {
    await this.kafka.ensureTopics(this.options.topics);
  }
}
