import { CsvHeader, UsageFileError } from './usage-csv.columns';
import { digestFile, usageFileLineBatches, type DigestedFile } from './usage-file';
import { digits, Invalid, whole, type Field } from './usage-field.rules';

/** The columns of the MNO's wholesale invoice CSV (docs/usage.md): all present, in any order. */
export const INVOICE_CSV_COLUMNS = [
  'imsi',
  'msisdn',
  'usage_day',
  'voice_seconds',
  'sms_count',
  'data_bytes',
  'charge_minor',
  'currency',
] as const;

export type InvoiceCsvColumn = (typeof INVOICE_CSV_COLUMNS)[number];

/** One invoice line: a line (as the MNO knows it) and UTC day, its usage and charge. */
export interface InvoiceLine {
  lineNumber: number;
  imsi: string | null;
  msisdn: string | null;
  usageDay: string;
  voiceSeconds: number;
  smsCount: number;
  dataBytes: number;
  chargeMinor: number;
  currency: string;
}

export interface InspectedInvoice extends Omit<DigestedFile, 'firstLine'> {
  header: CsvHeader<InvoiceCsvColumn>;
}

export type ParsedInvoiceLine = { line: InvoiceLine } | { lineNumber: number; reasons: string[] };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Digest, line count and header of an invoice file; refuses an unreadable file or another header. */
export async function inspectInvoice(path: string): Promise<InspectedInvoice> {
  const { firstLine, ...file } = await digestFile(
    path,
    (reason) => new UsageFileError(path, reason),
  );
  return { ...file, header: CsvHeader.of(INVOICE_CSV_COLUMNS, path, firstLine) };
}

/**
 * The invoice's data lines, parsed, in file order (the header and blank lines skipped), a read
 * chunk at a time; `period` (YYYY-MM) bounds the days a line may carry.
 */
export async function* invoiceLineBatches(
  invoice: InspectedInvoice,
  period: string,
): AsyncGenerator<ParsedInvoiceLine[]> {
  for await (const lines of usageFileLineBatches(invoice.path)) {
    const parsed: ParsedInvoiceLine[] = [];
    for (const { lineNumber, text } of lines) {
      if (lineNumber === 1 || text.trim() === '') continue;
      const row = invoice.header.row(text);
      parsed.push(
        typeof row === 'string'
          ? { lineNumber, reasons: [row] }
          : parseInvoiceRow(lineNumber, row, period),
      );
    }
    yield parsed;
  }
}

/** Reads one row, or lists every reason it cannot be. IMSI and MSISDN are never echoed. */
export function parseInvoiceRow(
  lineNumber: number,
  row: Record<InvoiceCsvColumn, string>,
  period: string,
): ParsedInvoiceLine {
  const reasons: string[] = [];
  const take = <T>(column: InvoiceCsvColumn, value: Field<T>): T | null => {
    if (!(value instanceof Invalid)) return value;
    reasons.push(`${column}: ${value.reason}`);
    return null;
  };
  const imsi = take('imsi', digits(row.imsi, 14, 15));
  const msisdn = take('msisdn', digits(row.msisdn, 8, 15));
  if (row.imsi === '' && row.msisdn === '') reasons.push('imsi or msisdn: neither is given');
  const usageDay = take('usage_day', dayIn(row.usage_day, period));
  const measure = (column: InvoiceCsvColumn) => take(column, whole(row[column])) ?? 0;
  const [voiceSeconds, smsCount, dataBytes] = [
    measure('voice_seconds'),
    measure('sms_count'),
    measure('data_bytes'),
  ];
  const chargeMinor = take('charge_minor', required(whole(row.charge_minor)));
  const currency = take('currency', currencyOf(row.currency));
  if (reasons.length > 0 || usageDay === null || chargeMinor === null || currency === null) {
    return { lineNumber, reasons };
  }
  return {
    line: {
      lineNumber,
      imsi,
      msisdn,
      usageDay,
      voiceSeconds,
      smsCount,
      dataBytes,
      chargeMinor,
      currency,
    },
  };
}

/** The days of each period asked so far: a valid day is then one look-up, not a date parse. */
const PERIOD_DAYS = new Map<string, Set<string>>();

function daysOf(period: string): Set<string> {
  let days = PERIOD_DAYS.get(period);
  if (!days) {
    days = new Set();
    const first = Date.parse(`${period}-01T00:00:00Z`);
    for (
      let ms = first;
      !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(period);
      ms += 86_400_000
    ) {
      days.add(new Date(ms).toISOString().slice(0, 10));
    }
    PERIOD_DAYS.set(period, days);
  }
  return days;
}

function dayIn(text: string, period: string): Field<string> {
  if (daysOf(period).has(text)) return text;
  const ms = DAY.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    return new Invalid(`"${text}" is not a day such as 2026-11-30`);
  }
  return text.startsWith(`${period}-`) ? text : new Invalid(`${text} is outside ${period}`);
}

function required<T>(value: Field<T | null>): Field<T> {
  return value === null ? new Invalid('missing') : value;
}

function currencyOf(text: string): Field<string> {
  return CURRENCY.test(text) ? text : new Invalid(`"${text}" is not an ISO 4217 code such as USD`);
}
