import { USAGE_CSV_COLUMNS, UsageCsvHeader, UsageFileError } from './usage-csv.columns';

const HEADER = USAGE_CSV_COLUMNS.join(',');

describe('UsageCsvHeader', () => {
  it('maps fields by the header, in whatever order the MNO writes the columns', () => {
    const reversed = [...USAGE_CSV_COLUMNS].reverse();
    const header = UsageCsvHeader.parse('f.csv', `\uFEFF${reversed.join(',').toUpperCase()}`);
    const row = header.row(reversed.map((c) => (c === 'zone' ? '"EU1"' : c)).join(','));
    expect(row).toMatchObject({ zone: 'EU1', record_id: 'record_id', imsi: 'imsi' });
  });

  it('refuses a header with an unknown, a repeated or a missing column, naming each', () => {
    const header = HEADER.replace('bytes_up', 'bytes_upload') + ',zone';
    expect(() => UsageCsvHeader.parse('f.csv', header)).toThrow(
      'f.csv: header: unknown column "bytes_upload"; column "zone" twice; missing column "bytes_up"',
    );
  });

  it('refuses an empty file as a UsageFileError', () => {
    expect(() => UsageCsvHeader.parse('f.csv', undefined)).toThrow(UsageFileError);
  });

  it('gives the reason for a line with too few fields or a quote inside a field', () => {
    const header = UsageCsvHeader.parse('f.csv', HEADER);
    expect(header.row('a,b,c')).toBe('3 fields, the header has 14');
    const quoted = USAGE_CSV_COLUMNS.map((c) => (c === 'zone' ? 'E"U' : c)).join(',');
    expect(header.row(quoted)).toBe(
      'a field holds a double quote (only a whole field may be quoted)',
    );
  });
});
