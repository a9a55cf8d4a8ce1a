import { asLines, codes, lines, text, withoutEmpty } from './form-values';

describe('form values', () => {
  it('trims text and treats blank as absent', () => {
    expect(text('  Pipeten ')).toBe('Pipeten');
    expect(text('   ')).toBeUndefined();
    expect(text(undefined)).toBeUndefined();
  });

  it('reads lists one per line and country codes however separated', () => {
    expect(lines('contact details\r\n\n account data \n')).toEqual(['contact details', 'account data']);
    expect(lines('')).toBeUndefined();
    expect(codes('gb, IE;de  fr')).toEqual(['GB', 'IE', 'DE', 'FR']);
    expect(asLines(['a', 'b'])).toBe('a\nb');
  });

  it('leaves empty fields out of the body', () => {
    expect(withoutEmpty({ name: 'x', website: undefined, locations: ['GB'] })).toEqual({ name: 'x', locations: ['GB'] });
  });
});
