import { isoWeekLabel, parsePeriod, previousPeriod } from './kpi-period';

describe('reporting periods', () => {
  it('reads a month and an ISO week as half-open UTC ranges', () => {
    expect(parsePeriod('2026-11')).toEqual({
      label: '2026-11',
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    // 2026-W48 runs from Monday 23 November to Monday 30 November.
    expect(parsePeriod('2026-W48')).toEqual({
      label: '2026-W48',
      from: new Date('2026-11-23T00:00:00Z'),
      to: new Date('2026-11-30T00:00:00Z'),
    });
    expect(parsePeriod('2026-W01')?.from).toEqual(new Date('2025-12-29T00:00:00Z'));
  });

  it('refuses what is not a month or a week, including a week 53 the year does not have', () => {
    for (const text of ['2026-13', '2026-1', 'November', '2026-W54', '2025-W53', '2026-11-01']) {
      expect(parsePeriod(text)).toBeUndefined();
    }
    expect(parsePeriod('2026-W53')?.from).toEqual(new Date('2026-12-28T00:00:00Z'));
    expect(parsePeriod('2020-W53')?.from).toEqual(new Date('2020-12-28T00:00:00Z'));
  });

  it('knows the period before, across a year end', () => {
    expect(previousPeriod(parsePeriod('2026-01')!).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-W01')!).label).toBe('2025-W52');
    expect(isoWeekLabel(new Date('2026-12-03T12:00:00Z'))).toBe('2026-W49');
  });
});
