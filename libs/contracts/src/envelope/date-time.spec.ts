import { validateSync } from 'class-validator';
import { IsDateTime, isRfc3339DateTime } from './date-time';

class Stamp {
  @IsDateTime() at!: string;
}

const accepts = (at: string) => validateSync(Object.assign(new Stamp(), { at })).length === 0;

describe('IsDateTime', () => {
  it('accepts RFC 3339 date-times, years before 1000 included (validator’s strict ISO check refuses those)', () => {
    expect(accepts('2027-01-15T00:00:00Z')).toBe(true);
    expect(accepts('0075-03-01T03:28:24.015Z')).toBe(true);
    expect(accepts('0276-02-25T14:25:58.4+09:49')).toBe(true);
  });

  it('refuses dates that do not exist, a space for the T, a missing zone, and non-strings', () => {
    expect(accepts('2027-02-29T00:00:00Z')).toBe(false);
    expect(accepts('0075-13-01T00:00:00Z')).toBe(false);
    expect(accepts('2027-01-15 00:00:00Z')).toBe(false);
    expect(isRfc3339DateTime('2027-01-15T24:00:00Z')).toBe(false);
    expect(isRfc3339DateTime('2027-01-15T00:00:00')).toBe(false);
    expect(validateSync(Object.assign(new Stamp(), { at: 20270115 })).length).toBe(1);
  });

  it('still takes the ISO 8601 forms the API took before', () => {
    expect(accepts('2027-01-15')).toBe(true);
  });
});
