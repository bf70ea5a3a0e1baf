import { CsvHeader } from './usage-csv.columns';
import { INVOICE_CSV_COLUMNS, parseInvoiceRow } from './usage-invoice';

const header = CsvHeader.of(INVOICE_CSV_COLUMNS, 'inv.csv', INVOICE_CSV_COLUMNS.join(','));

function parse(line: string) {
  const row = header.row(line);
  if (typeof row === 'string') throw new Error(row);
  return parseInvoiceRow(9, row, '2026-11');
}

describe('the wholesale invoice CSV', () => {
  it('reads a line, empty measures as zero', () => {
    expect(parse(',14155550123,2026-11-30,65,,,12,USD')).toEqual({
      line: {
        lineNumber: 9,
        imsi: null,
        msisdn: '14155550123',
        usageDay: '2026-11-30',
        voiceSeconds: 65,
        smsCount: 0,
        dataBytes: 0,
        chargeMinor: 12,
        currency: 'USD',
      },
    });
  });

  it('lists every reason a line is bad, never echoing the numbers', () => {
    expect(parse('123,,2026-11-31,-1,,,,usd')).toEqual({
      lineNumber: 9,
      reasons: [
        'imsi: not 14 to 15 digits',
        'usage_day: "2026-11-31" is not a day such as 2026-11-30',
        'voice_seconds: "-1" is not a whole number',
        'charge_minor: missing',
        'currency: "usd" is not an ISO 4217 code such as USD',
      ],
    });
    expect(parse(',,2026-12-01,1,,,1,USD')).toEqual({
      lineNumber: 9,
      reasons: ['imsi or msisdn: neither is given', 'usage_day: 2026-12-01 is outside 2026-11'],
    });
  });

  it('refuses a header that is not the format', () => {
    expect(() => CsvHeader.of(INVOICE_CSV_COLUMNS, 'inv.csv', 'imsi,usage_day')).toThrow(
      /missing column "msisdn"/,
    );
  });
});
