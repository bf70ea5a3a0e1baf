import { ISO_COUNTRY_CODE_COUNT, isIsoCountryCode } from './iso-country-codes';

describe('isIsoCountryCode', () => {
  it('holds the 249 assigned codes', () => {
    expect(ISO_COUNTRY_CODE_COUNT).toBe(249);
  });

  it('accepts assigned codes and refuses reserved or made-up ones', () => {
    expect(['US', 'DE', 'GB', 'SS', 'BQ'].every(isIsoCountryCode)).toBe(true);
    expect(['UK', 'XX', 'EU', 'us', 'USA'].some(isIsoCountryCode)).toBe(false);
  });
});
