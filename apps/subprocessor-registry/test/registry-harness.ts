import type { Consumer } from 'kafkajs';
import { buildEvent, ForewarnEvent, Topics } from '@forewarn/contracts';
import { RunningService, TestStack } from '../../../test/support/test-stack';
import { TopicPosition } from '../../../test/support/topic-position';
import { RegistryConfig } from '../src/registry.config';
import { registryDescription, RegistryModule } from '../src/registry.module';

export const DAY = 24 * 3600 * 1000;

/** Starts a registry of this stack; a second call runs another replica on the same databases and topics. */
export function startRegistry(stack: TestStack, extra: Record<string, string> = {}): Promise<RunningService> {
  return stack.start('subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription, extra);
}

export async function clockOf(service: RunningService): Promise<Date> {
  const response = await service.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200);
  return new Date(response.body.now);
}

/** Moves a replica's test clock to `at` (each replica has its own clock); due timers have run when it returns. */
export async function moveClockTo(service: RunningService, at: Date): Promise<void> {
  const ms = Math.max(0, at.getTime() - (await clockOf(service)).getTime());
  await service.http().post('/internal/test-clock').send({ advanceMs: ms }).expect(200);
}

/** Every event on the change topic, read by a raw consumer of its own. */
export class ChangeEventLog {
  readonly events: ForewarnEvent<Record<string, unknown>>[] = [];
  private consumer?: Consumer;
  private readonly position: TopicPosition;

  constructor(private readonly stack: TestStack) {
    this.position = new TopicPosition(stack, Topics.subprocessorChanges);
  }

  async start(): Promise<void> {
    this.consumer = this.stack.kafka().consumer({ groupId: `change-log-${this.stack.runId}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.stack.topic(Topics.subprocessorChanges), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => {
        this.events.push(JSON.parse(message.value!.toString()) as ForewarnEvent<Record<string, unknown>>);
        this.position.saw(partition, message.offset);
      },
    });
  }

  /**
   * The distinct events (by CloudEvent id) about a change. The outbox may relay an event twice
   * (at-least-once; consumers skip a repeated id), so "once" means one id.
   */
  of(changeId: string, type?: string): ForewarnEvent<Record<string, unknown>>[] {
    const distinct = new Map(this.events.filter((e) => e.subject === changeId && (!type || e.type === type)).map((e) => [e.id, e]));
    return [...distinct.values()];
  }

  /** Resolves once every event the registries have staged so far is in the log: "none" can then be asserted. */
  async settled(...registries: RunningService[]): Promise<void> {
    for (const registry of registries) await this.position.settled(registry);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Publishes an event on this stack's objection topic as the notification service would. */
export async function publishObjectionEvent(stack: TestStack, type: string, data: { changeId: string } & Record<string, unknown>): Promise<void> {
  const producer = stack.kafka().producer();
  await producer.connect();
  // Twice, as two events with the same objection: the registry must keep one objection.
  const messages = [1, 2].map(() => {
    const event = buildEvent({
      type,
      source: '/forewarn/customer-notification',
      subject: data.changeId,
      data,
      time: new Date(),
      correlationId: `test-${stack.runId}`,
      actor: `contact:${String(data.contactId)}`,
    });
    return { key: data.changeId, value: JSON.stringify(event), headers: { ce_type: type, ce_id: event.id } };
  });
  await producer.send({ topic: stack.topic(Topics.customerObjections), messages });
  await producer.disconnect();
}
