import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ChargeComparison, ReconciliationCounts } from './invoice-reconciliation';

export interface ReconciliationRunInput {
  period: string;
  fileSha256: string;
  fileName: string;
  linesRead: number;
  badLines: number;
  counts: ReconciliationCounts;
  charges: ChargeComparison;
}

export interface ReconciliationRun extends ReconciliationRunInput {
  runId: string;
  /** Matched over every figure compared (all four outcomes); null when there was none. */
  accuracy: number | null;
  /** The period's first run: its accuracy is the KPI. */
  firstPass: boolean;
  ranAt: Date;
}

/** The CDR reconciliation accuracy of a period: its first pass, and the runs since. */
export interface PeriodAccuracy {
  period: string;
  firstPass: ReconciliationRun | undefined;
  runs: number;
  latest: ReconciliationRun | undefined;
}

/**
 * `usage_reconciliation_runs`: every `usage reconcile` run. The first run of a period is its first
 * pass (a partial unique index allows one); later runs (a corrected invoice, late usage since) are
 * kept beside it but never replace the KPI.
 */
export class ReconciliationRunStore {
  async record(db: EntityManager, run: ReconciliationRunInput): Promise<ReconciliationRun> {
    const { counts, charges } = run;
    const total = counts.matched + counts.mismatched + counts.onlyInvoice + counts.onlyHandoff;
    const [row] = await db.query<Record<string, unknown>[]>(
      `INSERT INTO usage_reconciliation_runs (run_id, period, file_sha256, file_name, lines_read,
         bad_lines, matched, mismatched, only_invoice, only_handoff, unknown_lines, charges_compared,
         charges_currency, charges_matched, charges_mismatched, accuracy, first_pass)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $15, $11, $16, $12, $13, $14,
              NOT EXISTS (SELECT 1 FROM usage_reconciliation_runs WHERE period = $2 AND first_pass)
       RETURNING *`,
      [
        randomUUID(),
        run.period,
        run.fileSha256,
        run.fileName,
        run.linesRead,
        run.badLines,
        counts.matched,
        counts.mismatched,
        counts.onlyInvoice,
        counts.onlyHandoff,
        charges.compared,
        charges.compared ? charges.matched : null,
        charges.compared ? charges.mismatched : null,
        total === 0 ? null : counts.matched / total,
        counts.unknownLines,
        charges.compared ? charges.currency : null,
      ],
    );
    return runOf(row ?? {});
  }

  async accuracy(db: EntityManager, period: string): Promise<PeriodAccuracy> {
    const rows = await db.query<Record<string, unknown>[]>(
      `SELECT * FROM usage_reconciliation_runs WHERE period = $1 ORDER BY ran_at, first_pass DESC`,
      [period],
    );
    const runs = rows.map(runOf);
    return {
      period,
      firstPass: runs.find((r) => r.firstPass),
      runs: runs.length,
      latest: runs[runs.length - 1],
    };
  }
}

function runOf(row: Record<string, unknown>): ReconciliationRun {
  const n = (column: string) => Number(row[column]);
  return {
    runId: String(row.run_id),
    period: String(row.period),
    fileSha256: String(row.file_sha256),
    fileName: String(row.file_name),
    linesRead: n('lines_read'),
    badLines: n('bad_lines'),
    counts: {
      matched: n('matched'),
      mismatched: n('mismatched'),
      onlyInvoice: n('only_invoice'),
      onlyHandoff: n('only_handoff'),
      unknownLines: n('unknown_lines'),
    },
    charges: row.charges_compared
      ? {
          compared: true,
          currency: String(row.charges_currency),
          matched: n('charges_matched'),
          mismatched: n('charges_mismatched'),
        }
      : { compared: false },
    accuracy: row.accuracy === null ? null : n('accuracy'),
    firstPass: row.first_pass === true,
    ranAt: row.ran_at as Date,
  };
}
