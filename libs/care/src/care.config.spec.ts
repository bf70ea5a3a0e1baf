import { loadCareConfig } from './care.config';

describe('loadCareConfig', () => {
  it('works on a fresh machine with nothing set', () => {
    expect(loadCareConfig({})).toEqual({
      lineReadsPerMinute: 5,
      lineReadReuseMs: 300_000,
      mnoReadTimeoutMs: 3_000,
    });
  });

  it('refuses a limit that is not a positive whole number, naming the variable', () => {
    expect(() => loadCareConfig({ CARE_LINE_READS_PER_MINUTE: '0' })).toThrow(
      /CARE_LINE_READS_PER_MINUTE/,
    );
  });
});
