import { londonInputToDate, londonInputValue } from './london-time-input';

describe('UK time in date fields', () => {
  it('reads a winter time as GMT and a summer time as BST', () => {
    expect(londonInputToDate('2027-01-05T09:00')?.toISOString()).toBe('2027-01-05T09:00:00.000Z');
    expect(londonInputToDate('2027-07-05T09:00')?.toISOString()).toBe('2027-07-05T08:00:00.000Z');
  });

  it('writes a moment back as the same wall time', () => {
    expect(londonInputValue(new Date('2027-07-05T08:00:00Z'))).toBe('2027-07-05T09:00');
    expect(londonInputValue(new Date('2027-01-05T09:00:00Z'))).toBe('2027-01-05T09:00');
  });

  it('takes the earlier moment in the hour the clocks go back, and moves past the hour they skip', () => {
    // 31 October 2027: 01:30 happens twice (BST, then GMT).
    expect(londonInputToDate('2027-10-31T01:30')?.toISOString()).toBe('2027-10-31T00:30:00.000Z');
    // 28 March 2027: 01:30 does not happen; clocks jump from 01:00 GMT to 02:00 BST.
    expect(londonInputToDate('2027-03-28T01:30')?.toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });

  it('refuses what is not a date and time', () => {
    expect(londonInputToDate('')).toBeUndefined();
    expect(londonInputToDate('5 Jan')).toBeUndefined();
    expect(londonInputToDate('2027-13-45T99:00')).toBeUndefined();
  });
});
