import { USAGE_CSV_COLUMNS, type UsageCsvRow } from './usage-csv.columns';
import { parseUsageRow, type DeliveredUsage } from './usage-row.parser';

const VOICE: UsageCsvRow = {
  record_id: 'cdr-20261202-1',
  record_type: 'voice',
  imsi: '310260123456789',
  msisdn: '14155550123',
  direction: 'mo',
  start_time: '2026-12-02T14:03:11Z',
  duration_seconds: '65',
  bytes_up: '',
  bytes_down: '',
  message_count: '',
  roaming: 'false',
  serving_plmn: '310260',
  cell_id: '310260-0A1B2C3',
  zone: 'US',
};

function record(row: Partial<UsageCsvRow>): DeliveredUsage {
  const parsed = parseUsageRow({ ...VOICE, ...row });
  if ('reasons' in parsed) throw new Error(parsed.reasons.join('; '));
  return parsed.record;
}

function reasons(row: Partial<UsageCsvRow>): string[] {
  const parsed = parseUsageRow({ ...VOICE, ...row });
  return 'reasons' in parsed ? parsed.reasons : [];
}

describe('parseUsageRow', () => {
  it('reads every column of a voice record into the contract, keyed by IMSI', () => {
    expect(record({})).toEqual({
      subjectId: '310260123456789',
      recordId: 'cdr-20261202-1',
      imsi: '310260123456789',
      msisdn: '14155550123',
      recordType: 'voice',
      direction: 'mobileOriginated',
      startedAt: Date.UTC(2026, 11, 2, 14, 3, 11),
      durationSeconds: 65,
      bytesUp: null,
      bytesDown: null,
      messageCount: null,
      roaming: false,
      servingPlmn: '310260',
      cellId: '310260-0A1B2C3',
      zone: 'US',
    });
  });

  it('reads an SMS with its message count and a terminated direction', () => {
    const sms = { record_type: 'SMS', direction: 'MT', duration_seconds: '', message_count: '3' };
    expect(record(sms)).toMatchObject({
      recordType: 'sms',
      direction: 'mobileTerminated',
      durationSeconds: null,
      messageCount: 3,
    });
  });

  it('reads a roaming data session with bytes up and down, keyed by MSISDN when there is no IMSI', () => {
    const data = {
      record_type: 'data',
      imsi: '',
      direction: '',
      duration_seconds: '',
      bytes_up: '1048576',
      bytes_down: '734003200',
      roaming: 'true',
      start_time: '2026-12-02T23:59:59.250Z',
    };
    expect(record(data)).toMatchObject({
      subjectId: '14155550123',
      imsi: null,
      direction: 'unknown',
      durationSeconds: null,
      bytesUp: 1_048_576,
      bytesDown: 734_003_200,
      roaming: true,
      startedAt: Date.UTC(2026, 11, 2, 23, 59, 59, 250),
    });
  });

  it('leaves optional columns null when empty', () => {
    expect(record({ msisdn: '', serving_plmn: '', cell_id: '', zone: '' })).toMatchObject({
      msisdn: null,
      servingPlmn: null,
      cellId: null,
      zone: null,
    });
  });

  it.each<[string, Partial<UsageCsvRow>, string]>([
    ['no record id', { record_id: '' }, 'record_id: 1 to 64'],
    ['a record id with a space', { record_id: 'cdr 1' }, 'record_id: 1 to 64'],
    [
      'an unknown record type',
      { record_type: 'mms' },
      'record_type: "mms" is not voice, sms or data',
    ],
    ['neither IMSI nor MSISDN', { imsi: '', msisdn: '' }, 'imsi, msisdn: at least one is required'],
    ['a short IMSI', { imsi: '31026' }, 'imsi: not 14 to 15 digits'],
    ['an MSISDN with a plus', { msisdn: '+14155550123' }, 'msisdn: not 8 to 15 digits'],
    ['an unknown direction', { direction: 'in' }, 'direction: "in" is not mo or mt'],
    [
      'a time without Z',
      { start_time: '2026-12-02T14:03:11' },
      'start_time: "2026-12-02T14:03:11" is not',
    ],
    ['a time with an offset', { start_time: '2026-12-02T14:03:11+01:00' }, 'start_time:'],
    ['a date that does not exist', { start_time: '2026-02-30T10:00:00Z' }, 'start_time:'],
    ['voice without a duration', { duration_seconds: '' }, 'duration_seconds: required for voice'],
    [
      'a negative duration',
      { duration_seconds: '-5' },
      'duration_seconds: "-5" is not a whole number',
    ],
    ['voice with bytes', { bytes_up: '10' }, 'bytes_up: must be empty for voice'],
    ['voice without a direction', { direction: '' }, 'direction: required for voice'],
    ['roaming as yes', { roaming: 'yes' }, 'roaming: "yes" is not true or false'],
    ['a PLMN of letters', { serving_plmn: 'ABCDE' }, 'serving_plmn: not 5 to 6 digits'],
    ['a cell id with a space', { cell_id: 'cell 1' }, 'cell_id:'],
    ['a zone too long', { zone: 'Z'.repeat(33) }, 'zone:'],
    [
      'an SMS without a count',
      { record_type: 'sms', duration_seconds: '' },
      'message_count: required for sms',
    ],
    [
      'an SMS count of zero',
      { record_type: 'sms', duration_seconds: '', message_count: '0' },
      'of at least 1',
    ],
    [
      'data without bytes down',
      { record_type: 'data', direction: '', bytes_up: '1' },
      'bytes_down: required for data',
    ],
    [
      'data with a direction',
      { record_type: 'data', bytes_up: '1', bytes_down: '1' },
      'direction: must be empty for data',
    ],
  ])('refuses %s', (_, row, reason) => {
    expect(reasons(row).join('; ')).toContain(reason);
  });

  it('lists every problem of a line at once', () => {
    expect(reasons({ record_type: 'voice', duration_seconds: '', roaming: 'x', zone: '' })).toEqual(
      ['duration_seconds: required for voice', 'roaming: "x" is not true or false'],
    );
  });

  it('names every column of the format', () => {
    expect(Object.keys(VOICE).sort()).toEqual([...USAGE_CSV_COLUMNS].sort());
  });
});
