export * from './messaging.module';
export * from './messaging.options';
export * from './kafka/kafka-connection';
export * from './consumer/kafka-event-server';
export * from './consumer/rethrow-rpc-errors.filter';
export * from './outbox/pending-event.schema';
export * from './outbox/event-stager';
export * from './outbox/outbox-relay';
