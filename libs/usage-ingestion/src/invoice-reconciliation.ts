import type { DataSource, QueryRunner } from 'typeorm';
import type { InvoiceLine } from '@handoff/usage-feed';
import type { UsageType } from './usage-record';
import type { ReconciliationSettings, Tolerance } from './usage-reconciliation.config';
import {
  compareChargesSql,
  DISCREPANCIES_TABLE_SQL,
  mapInvoiceSql,
  RECONCILE_SQL,
} from './invoice-reconciliation.sql';

export type Discrepancy = {
  outcome: 'mismatched' | 'only-invoice' | 'only-handoff';
  /** Null: an invoice line whose IMSI and MSISDN match no line Handoff has had on that day. */
  subscriberId: string | null;
  usageDay: string;
  usageType: UsageType;
  /** The first invoice line that makes up the figure; null for usage only Handoff has. */
  invoiceLine: number | null;
  /** In the type's unit: seconds, messages, bytes (up plus down). Null when that side has none. */
  invoice: number | null;
  handoff: number | null;
  /** Invoice minus Handoff (a missing side counts as zero). */
  difference: number;
};

export interface ReconciliationCounts {
  matched: number;
  mismatched: number;
  onlyInvoice: number;
  onlyHandoff: number;
  /** Of `onlyInvoice`: figures from lines whose IMSI/MSISDN Handoff never had that day. */
  unknownLines: number;
}

export type ChargeComparison =
  { compared: false } | { compared: true; currency: string; matched: number; mismatched: number };

/**
 * One invoice compared with the accepted usage of its period, inside PostgreSQL: the parsed lines
 * go into a temporary table in multi-row statements, each is mapped to its subscriber through
 * `line_identities` as of its day, and one FULL OUTER JOIN against `usage_daily_totals` sorts
 * every subscriber, day and type into matched, mismatched, only on the invoice, only in Handoff.
 * One connection and one transaction: the temporary tables go with its end.
 */
export class InvoiceReconciliation {
  private constructor(private readonly runner: QueryRunner) {}

  static async begin(db: DataSource): Promise<InvoiceReconciliation> {
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    // Days are UTC days: a line's identities are compared with the day's bounds in UTC.
    await runner.query(`SET LOCAL TIME ZONE 'UTC'`);
    // The join's hash tables of a million-line invoice fit in memory instead of spilling to disk.
    await runner.query(`SET LOCAL work_mem = '256MB'`);
    await runner.query(
      `CREATE TEMP TABLE invoice_lines (line_number bigint, imsi text, msisdn text, usage_day date,
         voice_seconds bigint, sms_count bigint, data_bytes bigint, charge_minor bigint,
         currency text) ON COMMIT DROP`,
    );
    return new InvoiceReconciliation(runner);
  }

  /** Adds parsed lines in one statement (a few thousand per call is the measured sweet spot). */
  async add(lines: readonly InvoiceLine[]): Promise<void> {
    if (lines.length === 0) return;
    const col = <T>(pick: (l: InvoiceLine) => T) => lines.map(pick);
    await this.runner.query(
      `INSERT INTO invoice_lines SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[],
         $4::date[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[])`,
      [
        col((l) => l.lineNumber),
        col((l) => l.imsi),
        col((l) => l.msisdn),
        col((l) => l.usageDay),
        col((l) => l.voiceSeconds),
        col((l) => l.smsCount),
        col((l) => l.dataBytes),
        col((l) => l.chargeMinor),
        col((l) => l.currency),
      ],
    );
  }

  /** Maps, joins and counts; the discrepancies are then read with `discrepancies`. */
  async compare(
    period: string,
    settings: ReconciliationSettings,
  ): Promise<{ counts: ReconciliationCounts; charges: ChargeComparison }> {
    // The planner knows nothing of a temporary table until it is analysed (no autovacuum there).
    await this.runner.query('ANALYZE invoice_lines');
    await this.runner.query(mapInvoiceSql);
    await this.runner.query('ANALYZE invoice_days');
    await this.runner.query(DISCREPANCIES_TABLE_SQL);
    const [row] = await this.runner.manager.query<Record<string, string>[]>(RECONCILE_SQL, [
      `${period}-01`,
      ...toleranceParams(settings.tolerance),
    ]);
    const counts = {
      matched: Number(row?.matched ?? 0),
      mismatched: Number(row?.mismatched ?? 0),
      onlyInvoice: Number(row?.only_invoice ?? 0),
      onlyHandoff: Number(row?.only_handoff ?? 0),
      unknownLines: Number(row?.unknown ?? 0),
    };
    return { counts, charges: await this.compareCharges(period, settings) };
  }

  /** Discrepancies in a stable order (day, subscriber, type), a page after `after` at a time. */
  async discrepancies(after: number, limit: number): Promise<(Discrepancy & { seq: number })[]> {
    const rows = await this.runner.manager.query<Record<string, string | null>[]>(
      `SELECT seq, outcome, subscriber_id, usage_day::text AS day, usage_type, line_number,
              invoice, handoff
         FROM discrepancies WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => {
      const invoice = r.invoice === null ? null : Number(r.invoice);
      const handoff = r.handoff === null ? null : Number(r.handoff);
      return {
        seq: Number(r.seq),
        outcome: r.outcome as Discrepancy['outcome'],
        subscriberId: r.subscriber_id,
        usageDay: String(r.day),
        usageType: r.usage_type as UsageType,
        invoiceLine: r.line_number === null ? null : Number(r.line_number),
        invoice,
        handoff,
        difference: (invoice ?? 0) - (handoff ?? 0),
      };
    });
  }

  /** The transaction, for writing the run's record in it. */
  get manager() {
    return this.runner.manager;
  }

  async commit(): Promise<void> {
    await this.runner.commitTransaction();
  }

  async release(): Promise<void> {
    if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    await this.runner.release();
  }

  private async compareCharges(
    period: string,
    settings: ReconciliationSettings,
  ): Promise<ChargeComparison> {
    const { rates } = settings;
    if (!rates) return { compared: false };
    const [row] = await this.runner.manager.query<Record<string, string>[]>(compareChargesSql, [
      `${period}-01`,
      rates.voicePerMinute,
      rates.smsPerMessage,
      rates.dataPerMegabyte,
      settings.chargeToleranceMinor,
      rates.currency,
    ]);
    return {
      compared: true,
      currency: rates.currency,
      matched: Number(row?.matched ?? 0),
      mismatched: Number(row?.mismatched ?? 0),
    };
  }
}

function toleranceParams(tolerance: Record<UsageType, Tolerance>): number[] {
  return (['voice', 'sms', 'data'] as const).flatMap((t) => [
    tolerance[t].absolute,
    tolerance[t].percent,
  ]);
}
