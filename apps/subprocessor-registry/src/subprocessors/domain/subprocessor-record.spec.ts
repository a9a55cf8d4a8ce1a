import {
  checkDirectEdit,
  checkTransferMechanism,
  COUNTRY_CODES,
  countryName,
  InvalidFieldError,
  MaterialEditError,
  transferMechanismLabel,
} from './subprocessor-record';

describe('subprocessor records', () => {
  it('knows the official ISO 3166-1 alpha-2 codes and their names', () => {
    expect(COUNTRY_CODES).toContain('GB');
    expect(COUNTRY_CODES).not.toContain('UK');
    expect(COUNTRY_CODES).not.toContain('EU');
    expect(COUNTRY_CODES.length).toBeGreaterThanOrEqual(249);
    expect(countryName('GB')).toBe('United Kingdom');
    expect(countryName('DE')).toBe('Germany');
  });

  it('needs an SCC module with the EU SCCs and refuses one with anything else', () => {
    expect(() => checkTransferMechanism('eu-sccs', 'module-3')).not.toThrow();
    expect(() => checkTransferMechanism('eu-sccs')).toThrow(/^sccModule: required/);
    expect(() => checkTransferMechanism('uk-idta', 'module-2')).toThrow(InvalidFieldError);
    expect(() => checkTransferMechanism(undefined)).not.toThrow();
    expect(transferMechanismLabel('eu-sccs', 'module-3')).toBe('EU Standard Contractual Clauses (2021), Module Three, processor to processor');
    expect(transferMechanismLabel('none-needed')).toMatch(/stays in the UK/);
  });

  it('lets a pending subprocessor be edited freely, a listed one only outside its material fields', () => {
    expect(() => checkDirectEdit('pending', ['purpose', 'locations'])).not.toThrow();
    expect(() => checkDirectEdit('active', ['dpaReference', 'dpaSignedAt', 'website'])).not.toThrow();
    expect(() => checkDirectEdit('active', ['website', 'locations'])).toThrow(/^locations: .*update change notice/);
    expect(() => checkDirectEdit('retiring', ['purpose'])).toThrow(MaterialEditError);
    expect(() => checkDirectEdit('removed', ['website'])).toThrow(MaterialEditError);
  });
});
