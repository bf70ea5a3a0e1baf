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

/** The header's order of the columns; a missing, unknown or repeated column refuses the file. */
export class UsageCsvHeader {
  private constructor(private readonly order: readonly UsageCsvColumn[]) {}

  static parse(file: string, line: string | undefined): UsageCsvHeader {
    if (line === undefined) throw new UsageFileError(file, 'empty file: no header row');
    const names = splitUsageLine(line.replace(/^\uFEFF/, '')).map((n) => n.toLowerCase());
    const known = new Set<string>(USAGE_CSV_COLUMNS);
    const problems = [
      ...names.filter((n) => !known.has(n)).map((n) => `unknown column "${n}"`),
      ...names.filter((n, i) => names.indexOf(n) !== i).map((n) => `column "${n}" twice`),
      ...USAGE_CSV_COLUMNS.filter((c) => !names.includes(c)).map((c) => `missing column "${c}"`),
    ];
    if (problems.length > 0) throw new UsageFileError(file, `header: ${problems.join('; ')}`);
    return new UsageCsvHeader(names as UsageCsvColumn[]);
  }

  /** The line's fields by column, or why it cannot be read as a row. */
  row(line: string): UsageCsvRow | string {
    const fields = splitUsageLine(line);
    if (fields.some((field) => field.includes('"'))) {
      return 'a field holds a double quote (only a whole field may be quoted)';
    }
    if (fields.length !== this.order.length) {
      return `${fields.length} fields, the header has ${this.order.length}`;
    }
    const row = {} as UsageCsvRow;
    this.order.forEach((column, i) => (row[column] = fields[i] ?? ''));
    return row;
  }
}
