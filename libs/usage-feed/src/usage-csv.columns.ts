import { PermanentError } from '@handoff/resilience';

/** The columns of the MNO's usage CSV (docs/usage.md): all present in the header, in any order. */
export const USAGE_CSV_COLUMNS = [
  'record_id',
  'record_type',
  'imsi',
  'msisdn',
  'direction',
  'start_time',
  'duration_seconds',
  'bytes_up',
  'bytes_down',
  'message_count',
  'roaming',
  'serving_plmn',
  'cell_id',
  'zone',
] as const;

export type UsageCsvColumn = (typeof USAGE_CSV_COLUMNS)[number];
export type UsageCsvRow = Record<UsageCsvColumn, string>;

/** A file Handoff cannot import at all (unreadable, or a header that is not the format's). */
export class UsageFileError extends PermanentError {
  constructor(file: string, reason: string) {
    super('USAGE.FILE_UNREADABLE', `${file}: ${reason}`, { stage: 'validate' });
    this.name = 'UsageFileError';
  }
}

/**
 * One field per comma, no quoting inside a field: no column can hold a comma, a quote or a line
 * break, so every physical line is one record and its line number is exact (decision 58). A
 * field wholly wrapped in double quotes is accepted without them.
 */
export function splitUsageLine(line: string): string[] {
  return line.split(',').map((field) => {
    const trimmed = field.trim();
    return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
      ? trimmed.slice(1, -1)
      : trimmed;
  });
}

/**
 * A header's order of the columns of one of the MNO's CSV formats (its CDRs, its wholesale
 * invoice); a missing, unknown or repeated column refuses the file.
 */
export class CsvHeader<C extends string> {
  private constructor(private readonly order: readonly C[]) {}

  static of<C extends string>(columns: readonly C[], file: string, line: string | undefined) {
    if (line === undefined) throw new UsageFileError(file, 'empty file: no header row');
    const names = splitUsageLine(line.replace(/^\uFEFF/, '')).map((n) => n.toLowerCase());
    const known = new Set<string>(columns);
    const problems = [
      ...names.filter((n) => !known.has(n)).map((n) => `unknown column "${n}"`),
      ...names.filter((n, i) => names.indexOf(n) !== i).map((n) => `column "${n}" twice`),
      ...columns.filter((c) => !names.includes(c)).map((c) => `missing column "${c}"`),
    ];
    if (problems.length > 0) throw new UsageFileError(file, `header: ${problems.join('; ')}`);
    return new CsvHeader<C>(names as C[]);
  }

  /** The line's fields by column, or why it cannot be read as a row. */
  row(line: string): Record<C, string> | string {
    const fields = splitUsageLine(line);
    if (fields.some((field) => field.includes('"'))) {
      return 'a field holds a double quote (only a whole field may be quoted)';
    }
    if (fields.length !== this.order.length) {
      return `${fields.length} fields, the header has ${this.order.length}`;
    }
    const row = {} as Record<C, string>;
    this.order.forEach((column, i) => (row[column] = fields[i] ?? ''));
    return row;
  }
}

export type UsageCsvHeader = CsvHeader<UsageCsvColumn>;

/** The CDR format's header. */
export const UsageCsvHeader = {
  parse: (file: string, line: string | undefined): UsageCsvHeader =>
    CsvHeader.of(USAGE_CSV_COLUMNS, file, line),
};
