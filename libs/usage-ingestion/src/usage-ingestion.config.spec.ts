import { loadUsageIngestionConfig } from './usage-ingestion.config';

describe('usage ingestion settings', () => {
  it('defaults to late after 24h, recycled for 72h, a day handed on 4h after it ends', () => {
    expect(loadUsageIngestionConfig({})).toEqual({
      lateAfterMs: 24 * 3600_000,
      recycleLimitMs: 72 * 3600_000,
      dayCloseAfterMs: 4 * 3600_000,
      recordRetentionMs: 45 * 24 * 3600_000,
      housekeepingIntervalMs: 60_000,
    });
  });

  it('names the variable of a duration it cannot read', () => {
    expect(() => loadUsageIngestionConfig({ USAGE_LATE_AFTER: 'a day' })).toThrow(
      /USAGE_LATE_AFTER: must be a duration greater than zero, e.g. 24h/,
    );
    expect(loadUsageIngestionConfig({ USAGE_DAY_CLOSE_AFTER: '0s' }).dayCloseAfterMs).toBe(0);
  });
});
