import { Topics, TopicName } from './topics';
import { SubprocessorChangeAnnounced, SubprocessorChangeEventTypes } from './subprocessor-changes/change-events';

export interface EventContract<T extends object = object> {
  topic: TopicName;
  payload: new () => T;
}

/**
 * Every event type a Forewarn service may publish or consume: its topic and its payload class.
 * Producers and consumers look types up here, so an unlisted type can be neither sent nor accepted.
 */
export const EventCatalog: Record<string, EventContract> = {
  [SubprocessorChangeEventTypes.announced]: { topic: Topics.subprocessorChanges, payload: SubprocessorChangeAnnounced },
};

export function contractOf(type: string): EventContract | undefined {
  return EventCatalog[type];
}
