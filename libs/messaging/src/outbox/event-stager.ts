import { Inject, Injectable } from '@nestjs/common';
import { buildEvent, contractOf, validateEventData } from '@forewarn/contracts';
import { Clock } from '@forewarn/platform/clock/clock';
import { requestContext } from '@forewarn/platform/context/request-context';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';
import { PendingEvent } from './pending-event.schema';

/**
 * Builds the CloudEvent for a state change, ready to be pushed into the aggregate's outbox. The
 * payload is checked against its contract here, so a producer bug fails the write instead of
 * reaching the dead-letter topic of every consumer.
 */
@Injectable()
export class EventStager {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly clock: Clock,
  ) {}

  stage<T extends object>(type: string, data: T, { id }: { id?: string } = {}): PendingEvent {
    const contract = contractOf(type);
    if (!contract) throw new Error(`event type ${type} is not in the event catalog`);
    const plain = JSON.parse(JSON.stringify(data)) as T;
    validateEventData(contract.payload, plain);
    const key = contract.keyOf(plain);
    const ctx = requestContext.current();
    const event = buildEvent({
      ...(id ? { id } : {}),
      type,
      source: `/forewarn/${this.options.serviceName}`,
      subject: key,
      data: plain,
      time: this.clock.now(),
      correlationId: ctx?.correlationId ?? requestContext.newCorrelationId(),
      actor: ctx?.actor ?? `system:${this.options.serviceName}`,
    });
    return { topic: contract.topic, key, event };
  }
}
