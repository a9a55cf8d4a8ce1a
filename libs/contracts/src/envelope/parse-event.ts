import { CloudEvent, ValidationError as CloudEventValidationError } from 'cloudevents';
import { ForewarnEvent } from './cloud-event';

/** Raised for a message that can never be processed; it goes to the dead-letter topic at once. */
export class InvalidEventError extends Error {}

/**
 * Turns the raw bytes of a Kafka message into a checked envelope: JSON, valid CloudEvents 1.0
 * (checked by the CloudEvents SDK), and carrying the attributes Forewarn relies on.
 */
export function parseEnvelope(raw: Buffer | string | null): ForewarnEvent {
  if (raw === null || raw.length === 0) throw new InvalidEventError('empty message value');
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    throw new InvalidEventError('message value is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidEventError('message value is not a JSON object');
  }
  const candidate = json as Record<string, unknown>;
  if (candidate.specversion !== '1.0') throw new InvalidEventError('CloudEvent "specversion" must be "1.0"');
  // The SDK fills in a missing id and source, so the attributes we rely on are checked here.
  for (const attribute of ['id', 'source', 'type', 'subject', 'time', 'correlationid', 'actor'] as const) {
    if (typeof candidate[attribute] !== 'string' || candidate[attribute] === '') {
      throw new InvalidEventError(`CloudEvent attribute "${attribute}" is missing`);
    }
  }
  try {
    new CloudEvent(candidate as never, true);
  } catch (e) {
    const detail = e instanceof CloudEventValidationError ? JSON.stringify(e.errors ?? e.message) : String(e);
    throw new InvalidEventError(`not a valid CloudEvent 1.0: ${detail}`);
  }
  if (typeof candidate.data !== 'object' || candidate.data === null) {
    throw new InvalidEventError('CloudEvent "data" must be a JSON object');
  }
  return candidate as unknown as ForewarnEvent;
}
