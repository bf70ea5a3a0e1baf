import { ConfigError, loadConfig } from './load-config';
import { duration, formatDuration, parseDuration } from './duration';
import { z } from 'zod';

describe('durations', () => {
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
});

describe('a duration variable', () => {
  const schema = z.object({
    WINDOW: duration({ default: '5m', minMs: 1_000 }),
    EVERY: duration({ minMs: 100, example: '10s' }),
    CLOSE_AFTER: duration({ default: '4h', minMs: 0 }),
  });

  it('reads the default, a duration in words, and unset or empty as undefined', () => {
    expect(loadConfig(schema, {})).toEqual({ WINDOW: 300_000, CLOSE_AFTER: 14_400_000 });
    expect(loadConfig(schema, { WINDOW: '90s', EVERY: '', CLOSE_AFTER: '0s' })).toEqual({
      WINDOW: 90_000,
      EVERY: undefined,
      CLOSE_AFTER: 0,
    });
  });

  it('refuses what is shorter than the shortest or not a duration, naming the variable', () => {
    expect(() => loadConfig(schema, { WINDOW: '500ms' })).toThrow(
      'WINDOW: must be a duration of at least 1s, e.g. 5m (units ms, s, m, h, d); got "500ms"',
    );
    expect(() => loadConfig(schema, { EVERY: 'often' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { EVERY: 'often' })).toThrow(
      'EVERY: must be a duration of at least 100ms, e.g. 10s',
    );
    expect(() => loadConfig(schema, { CLOSE_AFTER: '-1s' })).toThrow(
      'CLOSE_AFTER: must be a duration, e.g. 4h',
    );
  });
});
