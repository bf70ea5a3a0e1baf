import { NumberPool } from './number-pool';

describe('the MNO simulator number pool', () => {
  it('hands out numbers and IMSIs that a start a minute later does not hand out again', () => {
    const started = Date.parse('2026-12-03T10:00:00Z');
    const first = new NumberPool(started);
    const later = new NumberPool(started + 60_000);
    const none = () => false;
    const firstNumbers = Array.from({ length: 200 }, () => first.nextMsisdn(none));
    const laterNumbers = Array.from({ length: 200 }, () => later.nextMsisdn(none));
    const firstImsis = Array.from({ length: 200 }, () => first.nextImsi());
    const laterImsis = Array.from({ length: 200 }, () => later.nextImsi());

    expect(firstNumbers.filter((n) => laterNumbers.includes(n))).toEqual([]);
    expect(firstImsis.filter((n) => laterImsis.includes(n))).toEqual([]);
    for (const msisdn of [...firstNumbers, ...laterNumbers]) expect(msisdn).toMatch(/^1628\d{7}$/);
    for (const imsi of [...firstImsis, ...laterImsis]) expect(imsi).toMatch(/^310260\d{9}$/);
  });

  it('skips a number a caller already holds', () => {
    const pool = new NumberPool(0);
    const taken = pool.nextMsisdn(() => false);
    const again = new NumberPool(0).nextMsisdn((m) => m === taken);
    expect(again).not.toBe(taken);
  });
});
