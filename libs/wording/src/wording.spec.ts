import { countryList, durationWords, londonDateTime, transferSafeguard, webUrl } from './wording';

describe('wording', () => {
  it('shows dates in Europe/London time with the zone named, GMT in winter and BST in summer', () => {
    expect(londonDateTime('2027-03-01T09:00:00.000Z')).toBe('1 March 2027, 09:00 GMT');
    expect(londonDateTime('2027-07-01T00:00:00Z')).toBe('1 July 2027, 01:00 BST');
    // The night the clocks go forward: 00:59 GMT, then 02:00 BST.
    expect(londonDateTime('2027-03-28T00:59:00Z')).toBe('28 March 2027, 00:59 GMT');
    expect(londonDateTime('2027-03-28T01:00:00Z')).toBe('28 March 2027, 02:00 BST');
    expect(londonDateTime('not a date')).toBe('not a date');
    expect(londonDateTime(undefined)).toBe('');
  });

  it('words a duration in its two largest units', () => {
    expect(durationWords((2 * 24 + 3) * 3600_000 + 59_000)).toBe('2 days 3 hours');
    expect(durationWords(5.5 * 3600_000)).toBe('5 hours 30 minutes');
    expect(durationWords(24 * 3600_000 + 5 * 60_000)).toBe('1 day');
    expect(durationWords(45 * 60_000)).toBe('45 minutes');
    expect(durationWords(30_000)).toBe('less than a minute');
  });

  it('names countries and keeps what is no country code', () => {
    expect(countryList(['GB', 'ie', 'US'])).toBe('United Kingdom, Ireland, United States');
    expect(countryList(['Mars'])).toBe('Mars');
  });

  it('states the transfer safeguard, or why none is needed', () => {
    expect(transferSafeguard({ locations: ['GB'], transferMechanism: 'UK IDTA' })).toBe('UK IDTA');
    expect(transferSafeguard({ locations: ['GB'] })).toMatch(/stays in the United Kingdom/);
    expect(transferSafeguard({ locations: ['US'] })).toMatch(/^Not stated/);
  });

  it('lets only web links into an href', () => {
    expect(webUrl('https://notify.example/n/abc')).toBe('https://notify.example/n/abc');
    expect(webUrl('javascript:alert(1)')).toBe('#');
  });
});
