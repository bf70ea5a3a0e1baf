import { formatDuration, parseDuration, parsePercent } from './duration';

describe('durations and percentages', () => {
  it.each([
    ['800ms', 800],
    ['30s', 30_000],
    ['4m', 240_000],
    ['1.5h', 5_400_000],
    ['1d', 86_400_000],
    [' 0m ', 0],
  ])('parses %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 'soon', '3 weeks', '-5s', '5 min'])('rejects "%s"', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats milliseconds in the largest whole unit', () => {
    expect(formatDuration(30_000)).toBe('30s');
    expect(formatDuration(240_000)).toBe('4m');
    expect(formatDuration(1_500)).toBe('1500ms');
    expect(formatDuration(0)).toBe('0ms');
  });

  it('parses availability percentages up to 100', () => {
    expect(parsePercent('99.9%')).toBe(99.9);
    expect(parsePercent('100%')).toBe(100);
    expect(parsePercent('101%')).toBeUndefined();
    expect(parsePercent('99.9')).toBeUndefined();
  });
});
