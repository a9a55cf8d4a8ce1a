import type { Breach } from '../breaches/breach-form';
import type { ChangeNotice } from '../changes/change-form';
import { whatNeedsMe } from './what-needs-me';

const now = new Date('2027-01-05T12:00:00Z');
const breach = (id: string, dueAt: string, extra = {}) => ({ id, reference: id, clocks: [{ kind: 'authority-report', dueAt, met: false, ...extra }] }) as unknown as Breach;
const change = (id: string, effectiveAt: string, status = 'announced', open = 0) => ({ id, status, effectiveAt, objectionCount: { open } }) as unknown as ChangeNotice;

describe('what needs me now', () => {
  it('lists deadlines within 24 hours, soonest first, and leaves later ones out', () => {
    const result = whatNeedsMe([breach('later', '2027-01-07T00:00:00Z'), breach('b', '2027-01-06T10:00:00Z'), breach('a', '2027-01-05T13:00:00Z')], [], now);
    expect(result.deadlines.map((d) => d.breach.id)).toEqual(['a', 'b']);
  });

  it('lists announced changes taking effect within 7 days, and changes with open objections', () => {
    const result = whatNeedsMe([], [change('soon', '2027-01-10T00:00:00Z'), change('far', '2027-02-10T00:00:00Z', 'announced', 2), change('draft', '2027-01-06T00:00:00Z', 'draft')], now);
    expect(result.takingEffect.map((c) => c.id)).toEqual(['soon']);
    expect(result.objections.map((c) => c.id)).toEqual(['far']);
  });

  it('lists missed deadlines that still need their reason', () => {
    expect(whatNeedsMe([breach('m', '2027-01-01T00:00:00Z', { reasonRequired: true, missedAt: '2027-01-01T00:00:00Z' })], [], now).missedWithoutReason).toHaveLength(1);
  });
});
