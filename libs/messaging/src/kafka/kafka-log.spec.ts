import { logLevel } from 'kafkajs';
import { kafkaLogLevelOf } from './kafka-log';

describe('kafkaLogLevelOf', () => {
  it('keeps a broker answer kafkajs recovers from below error level, wherever kafkajs puts it', () => {
    expect(kafkaLogLevelOf(logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available')).toBe('warn');
    expect(kafkaLogLevelOf(logLevel.ERROR, "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group", undefined)).toBe('warn');
    expect(kafkaLogLevelOf(logLevel.ERROR, 'Failed to send messages: This server is not the leader for that topic-partition', undefined)).toBe('warn');
    expect(kafkaLogLevelOf(logLevel.ERROR, 'Restarting the consumer in 300ms', undefined)).toBe('warn');
  });

  it('keeps every other error an error, and maps the other levels', () => {
    expect(kafkaLogLevelOf(logLevel.ERROR, 'Crash: KafkaJSNonRetriableError: Topic authorization failed', undefined)).toBe('error');
    expect(kafkaLogLevelOf(logLevel.ERROR, 'Failed to send messages: Broker: Message size too large', undefined)).toBe('error');
    expect(kafkaLogLevelOf(logLevel.WARN, 'a warning', undefined)).toBe('warn');
    expect(kafkaLogLevelOf(logLevel.INFO, 'joined', undefined)).toBe('debug');
  });
});
