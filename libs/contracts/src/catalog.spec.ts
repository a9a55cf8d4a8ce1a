import { contractOf } from './catalog';
import { InvalidEventError } from './envelope/parse-event';
import { validateEventData } from './envelope/validate-data';
import { SubprocessorChangeAnnounced, SubprocessorChangeEventTypes } from './subprocessor-changes/change-events';
import { Topics } from './topics';

const announced = {
  changeId: 'c1',
  kind: 'addition',
  subprocessor: { id: 's1', name: 'Acme', category: 'Hosting', purpose: 'Servers', dataCategories: [], locations: ['GB'] },
  summary: 'Adding Acme',
  announcedAt: '2026-01-01T00:00:00.000Z',
  effectiveAt: '2026-02-01T00:00:00.000Z',
  noticePeriodDays: 30,
};

describe('event catalog', () => {
  it('routes the announced event to the subprocessor changes topic', () => {
    expect(contractOf(SubprocessorChangeEventTypes.announced)?.topic).toBe(Topics.subprocessorChanges);
    expect(contractOf('com.example.unknown')).toBeUndefined();
  });

  it('accepts a complete announced payload', () => {
    const data = validateEventData(SubprocessorChangeAnnounced, announced);
    expect(data).toBeInstanceOf(SubprocessorChangeAnnounced);
    expect(data.subprocessor.name).toBe('Acme');
  });

  it('names the fields that are wrong, nested ones included', () => {
    const bad = { ...announced, kind: 'merger', subprocessor: { ...announced.subprocessor, name: '' } };
    expect(() => validateEventData(SubprocessorChangeAnnounced, bad)).toThrow(InvalidEventError);
    expect(() => validateEventData(SubprocessorChangeAnnounced, bad)).toThrow(/kind[\s\S]*subprocessor\.name/);
  });
});
