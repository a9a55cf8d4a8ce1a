import { buildEvent } from './cloud-event';
import { InvalidEventError, parseEnvelope } from './parse-event';

const good = buildEvent({
  type: 'com.forewarn.subprocessor.change.announced.v1',
  source: '/forewarn/subprocessor-registry',
  subject: 'change-1',
  data: { changeId: 'change-1' },
  time: new Date('2026-01-01T00:00:00Z'),
  correlationId: 'corr-1',
  actor: 'user:alice',
});

describe('parseEnvelope', () => {
  it('accepts an event built by buildEvent', () => {
    expect(parseEnvelope(Buffer.from(JSON.stringify(good)))).toEqual(good);
  });

  it.each([
    ['null', null, /empty/],
    ['not JSON', Buffer.from('{nope'), /not JSON/],
    ['an array', Buffer.from('[]'), /JSON object/],
    ['no specversion', Buffer.from(JSON.stringify({ ...good, specversion: undefined })), /specversion/],
    ['another specversion', Buffer.from(JSON.stringify({ ...good, specversion: '0.3' })), /specversion/],
    ['no id', Buffer.from(JSON.stringify({ ...good, id: undefined })), /"id"/],
    ['a bad time', Buffer.from(JSON.stringify({ ...good, time: 'yesterday' })), /CloudEvent/],
    ['no actor', Buffer.from(JSON.stringify({ ...good, actor: undefined })), /actor/],
    ['string data', Buffer.from(JSON.stringify({ ...good, data: 'x' })), /data/],
  ])('rejects %s', (_name, raw, reason) => {
    expect(() => parseEnvelope(raw)).toThrow(InvalidEventError);
    expect(() => parseEnvelope(raw)).toThrow(reason);
  });
});
