import { parsePercent } from './percent';

describe('percentages', () => {
  it('parses availability percentages up to 100', () => {
    expect(parsePercent('99.9%')).toBe(99.9);
    expect(parsePercent('100%')).toBe(100);
    expect(parsePercent('101%')).toBeUndefined();
    expect(parsePercent('99.9')).toBeUndefined();
  });
});
