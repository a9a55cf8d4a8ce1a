import { EFFECTIVE_TIMER, parseReminderOffsets, REMINDER_TIMER, timersOf } from './change-timers';

const DAY = 24 * 3600 * 1000;
const now = new Date('2026-03-01T00:00:00.000Z');
const days = (n: number) => new Date(now.getTime() + n * DAY);

describe('change timers', () => {
  it('reads the reminder offsets, largest first, and refuses nonsense', () => {
    expect(parseReminderOffsets('7')).toEqual([7]);
    expect(parseReminderOffsets(' 1, 14,7,7 ')).toEqual([14, 7, 1]);
    expect(() => parseReminderOffsets('0')).toThrow(RangeError);
    expect(() => parseReminderOffsets('seven')).toThrow(RangeError);
  });

  it('schedules each future reminder and the effective transition under ids derived from the change', () => {
    expect(timersOf('c1', days(30), [14, 7], now)).toEqual([
      { id: 'c1:reminder:14d', kind: REMINDER_TIMER, daysBefore: 14, dueAt: days(16) },
      { id: 'c1:reminder:7d', kind: REMINDER_TIMER, daysBefore: 7, dueAt: days(23) },
      { id: 'c1:effective', kind: EFFECTIVE_TIMER, dueAt: days(30) },
    ]);
  });

  it('leaves out reminders whose moment has passed (a date moved closer)', () => {
    expect(timersOf('c1', days(10), [14, 7], now).map((t) => t.id)).toEqual(['c1:reminder:7d', 'c1:effective']);
  });
});
