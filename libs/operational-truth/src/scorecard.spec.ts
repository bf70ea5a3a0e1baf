import { monthPeriod } from './scorecard';

describe('monthPeriod', () => {
  it('is the calendar month in UTC, up to the first of the next', () => {
    expect(monthPeriod('2026-11')).toEqual({
      label: '2026-11',
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    expect(monthPeriod('2026-12').to).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it.each(['2026-13', '2026-1', 'november', ''])('refuses "%s", saying what it expects', (text) => {
    expect(() => monthPeriod(text)).toThrow(`period "${text}" is not a month such as 2026-11`);
  });
});
