import type { UsageRecordDelivered } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { InvalidUsageRecord, validUsage } from './usage-record';

const NOW = new Date('2026-12-03T12:00:00Z');

function envelope(fields: Partial<UsageRecordDelivered>): EventEnvelope {
  const data: UsageRecordDelivered = {
    subjectId: '310260123456789',
    recordId: 'cdr-1',
    imsi: '310260123456789',
    msisdn: null,
    recordType: 'voice',
    direction: 'mobileOriginated',
    startedAt: Date.parse('2026-12-02T14:03:11Z'),
    durationSeconds: 65,
    bytesUp: null,
    bytesDown: null,
    messageCount: null,
    roaming: false,
    servingPlmn: null,
    cellId: null,
    zone: null,
    source: { fileName: 'f.csv', fileSha256: 'ab', lineNumber: 2 },
    ...fields,
  };
  return { id: 'ev-1', data } as EventEnvelope;
}

const reasonsOf = (fields: Partial<UsageRecordDelivered>) => {
  try {
    validUsage(envelope(fields), NOW);
    return 'valid';
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidUsageRecord);
    return (error as Error).message;
  }
};

describe('validUsage', () => {
  it('keeps only the measures of the record type', () => {
    expect(validUsage(envelope({ bytesUp: 5 }), NOW)).toMatchObject({
      recordId: 'cdr-1',
      usageType: 'voice',
      durationSeconds: 65,
      bytesUp: 0,
      fileSha256: 'ab',
      lineNumber: 2,
    });
    const data = validUsage(
      envelope({ recordType: 'data', durationSeconds: null, bytesUp: 1, bytesDown: 2 }),
      NOW,
    );
    expect(data).toMatchObject({ durationSeconds: 0, bytesUp: 1, bytesDown: 2, messageCount: 0 });
  });

  it('refuses a record that cannot be billed, naming every reason and no number', () => {
    expect(reasonsOf({ durationSeconds: null })).toContain('durationSeconds: required for voice');
    expect(reasonsOf({ recordType: 'sms', durationSeconds: null, messageCount: 0 })).toContain(
      'messageCount: at least 1',
    );
    expect(reasonsOf({ recordType: 'unknown' })).toContain('recordType: not voice, sms or data');
    const both = reasonsOf({ imsi: '12', durationSeconds: -1 });
    expect(both).toContain('imsi: not 14 or 15 digits');
    expect(both).toContain('durationSeconds: not a whole number of 0 or more');
    expect(reasonsOf({ imsi: null, msisdn: null })).toContain('neither given');
    expect(reasonsOf({ startedAt: NOW.getTime() + 2 * 3600_000 })).toContain('in the future');
    expect(reasonsOf({ imsi: '31026012345' })).not.toContain('31026012345');
  });
});
