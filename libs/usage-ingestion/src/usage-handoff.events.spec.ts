import { EventTypes } from '@handoff/contracts';
import { handOffEvent } from './usage-handoff.events';
import type { UnhandedAggregate } from './usage-totals.store';
import { sumByDay } from './usage-totals.store';

const AT = new Date('2026-12-03T04:00:00Z');
const zero = { recordCount: 0, durationSeconds: 0, messageCount: 0, bytesUp: 0, bytesDown: 0 };

function aggregate(fields: Partial<UnhandedAggregate>): UnhandedAggregate {
  return {
    subscriberId: 'sub-1',
    usageDay: '2026-12-02',
    usageType: 'data',
    planCode: 'UNL-5G-30',
    totals: { ...zero, recordCount: 3, bytesUp: 30, bytesDown: 300 },
    handed: zero,
    handedVersion: 0,
    lateRecords: 0,
    ...fields,
  };
}

describe('handing aggregates on', () => {
  it('hands a first version on as UsageAggregated, the same event id each time', () => {
    const first = handOffEvent(aggregate({}), AT);
    expect(first).toMatchObject({
      type: EventTypes.UsageAggregated,
      subject: 'sub-1',
      data: { version: 1, totals: { recordCount: 3, bytesDown: 300 }, handedOnAt: AT.getTime() },
    });
    expect(handOffEvent(aggregate({}), new Date()).id).toBe(first.id);
  });

  it('hands a change after the hand-off on as a correction with its delta and the new totals', () => {
    const handed = { ...zero, recordCount: 2, bytesUp: 20, bytesDown: 250 };
    const correction = handOffEvent(aggregate({ handed, handedVersion: 1, lateRecords: 1 }), AT);
    expect(correction).toMatchObject({
      type: EventTypes.UsageAggregateCorrected,
      data: {
        version: 2,
        delta: { recordCount: 1, bytesUp: 10, bytesDown: 50 },
        totals: { recordCount: 3, bytesUp: 30, bytesDown: 300 },
        lateRecords: 1,
      },
    });
    expect(correction.id).not.toBe(handOffEvent(aggregate({}), AT).id);
  });

  it('sums records per subscriber, UTC day and type', () => {
    const record = (startedAt: string, fields: object = {}) => ({
      subscriberId: 'sub-1',
      planCode: null,
      usageType: 'voice' as const,
      startedAt: new Date(startedAt),
      late: false,
      ...zero,
      durationSeconds: 10,
      ...fields,
    });
    const sums = sumByDay([
      record('2026-12-02T23:59:59.999Z'),
      record('2026-12-02T00:00:00Z', { late: true }),
      record('2026-12-03T00:00:00Z'),
      record('2026-12-02T10:00:00Z', { usageType: 'sms', durationSeconds: 0, messageCount: 2 }),
    ]);
    expect(
      sums.map((s) => [
        s.usageDay,
        s.usageType,
        s.recordCount,
        s.durationSeconds,
        s.messageCount,
        s.lateRecords,
      ]),
    ).toEqual([
      ['2026-12-02', 'voice', 2, 20, 0, 1],
      ['2026-12-03', 'voice', 1, 10, 0, 0],
      ['2026-12-02', 'sms', 1, 0, 2, 0],
    ]);
  });
});
