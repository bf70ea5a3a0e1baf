import { isValidIccid } from '@handoff/activation-requests';
import { PermanentError } from '@handoff/resilience';
import { splitUsageLine } from '@handoff/usage-feed';
import type { DeliveredSim } from './sim';

/** The columns of the partner's batch file (docs/sim-inventory.md), all in the header, any order. */
export const SIM_CSV_COLUMNS = ['iccid', 'imsi', 'batch_id', 'dealer_id', 'order_id'] as const;
type SimCsvColumn = (typeof SIM_CSV_COLUMNS)[number];

const IMSI = /^\d{14,15}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** A batch file Handoff cannot import at all (unreadable, or a header that is not the format's). */
export class SimFileError extends PermanentError {
  constructor(file: string, reason: string) {
    super('SIM.FILE_UNREADABLE', `${file}: ${reason}`, { stage: 'validate' });
    this.name = 'SimFileError';
  }
}

/** The header's order of the columns; a missing, unknown or repeated column refuses the file. */
export class SimCsvHeader {
  private constructor(private readonly order: readonly SimCsvColumn[]) {}

  static parse(file: string, line: string | undefined): SimCsvHeader {
    if (line === undefined) throw new SimFileError(file, 'empty file: no header row');
    const names = splitUsageLine(line.replace(/^\uFEFF/, '')).map((n) => n.toLowerCase());
    const known = new Set<string>(SIM_CSV_COLUMNS);
    const problems = [
      ...names.filter((n) => !known.has(n)).map((n) => `unknown column "${n}"`),
      ...names.filter((n, i) => names.indexOf(n) !== i).map((n) => `column "${n}" twice`),
      ...SIM_CSV_COLUMNS.filter((c) => !names.includes(c)).map((c) => `missing column "${c}"`),
    ];
    if (problems.length > 0) throw new SimFileError(file, `header: ${problems.join('; ')}`);
    return new SimCsvHeader(names as SimCsvColumn[]);
  }

  /** The line as a delivered SIM, or every reason it is not one (never echoing ICCID or IMSI). */
  read(line: string): { sim: DeliveredSim } | { reasons: string[] } {
    const fields = splitUsageLine(line);
    if (fields.length !== this.order.length) {
      return { reasons: [`${fields.length} fields, the header has ${this.order.length}`] };
    }
    const row = {} as Record<SimCsvColumn, string>;
    this.order.forEach((column, i) => (row[column] = fields[i] ?? ''));
    const reasons = [
      ...(isValidIccid(row.iccid) ? [] : ['iccid: 19 or 20 digits with a valid Luhn check digit']),
      ...(IMSI.test(row.imsi) ? [] : ['imsi: 14 or 15 digits']),
      ...(ID.test(row.batch_id) ? [] : ['batch_id: 1 to 64 letters, digits, . - _ :']),
      ...optionalId('dealer_id', row.dealer_id),
      ...optionalId('order_id', row.order_id),
      ...(row.dealer_id && row.order_id ? ['dealer_id, order_id: at most one destination'] : []),
    ];
    if (reasons.length > 0) return { reasons };
    const sim = {
      iccid: row.iccid,
      imsi: row.imsi,
      batchId: row.batch_id,
      shippedToDealer: row.dealer_id || null,
      shippedToOrder: row.order_id || null,
    };
    return { sim };
  }
}

const optionalId = (column: string, value: string) =>
  value === '' || ID.test(value) ? [] : [`${column}: 1 to 64 letters, digits, . - _ :`];
