import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { recordLedger } from '@handoff/audit';
import type { ImportedFile } from './usage-files.store';
import type { ReconciliationRun } from './reconciliation-runs.store';
import { USAGE_FEED_POINT } from './usage-ingestion';

/** Who wrote a usage handoff to the ledger: the command (`handoff/usage-import`) and the point's team. */
export interface UsageAuditor {
  actor: string;
  ownerTeam: string;
}

/**
 * The ledger rows of the usage handoffs that are not events on a business topic: a file imported
 * and a reconciliation run (a fetched batch is written by `UsageIngestion`; aggregates,
 * corrections, rejections and disputes are business events the audit ledger records). Counts
 * only: the records themselves are in the usage tables, reachable by file digest or run id.
 */
export const usageAudit = {
  async fileImported(
    db: EntityManager,
    by: UsageAuditor,
    file: Omit<ImportedFile, 'importedAt'>,
    forced: boolean,
  ): Promise<void> {
    const { sha256, fileName, linesRead, published, duplicates, bad } = file;
    await recordLedger(db, [
      {
        occurredAt: new Date(),
        correlationId: randomUUID(),
        kind: 'file-imported',
        ...by,
        integrationPoint: USAGE_FEED_POINT,
        summary: { fileSha256: sha256, fileName, linesRead, published, duplicates, bad, forced },
        outcome: bad > 0 ? 'bad-lines' : 'ok',
      },
    ]);
  },

  async reconciliationRun(
    db: EntityManager,
    by: UsageAuditor,
    run: ReconciliationRun,
    published: number,
  ): Promise<void> {
    const { counts, charges } = run;
    const discrepancies = counts.mismatched + counts.onlyInvoice + counts.onlyHandoff;
    await recordLedger(db, [
      {
        occurredAt: run.ranAt,
        correlationId: run.runId,
        kind: 'reconciliation-run',
        ...by,
        integrationPoint: USAGE_FEED_POINT,
        summary: {
          runId: run.runId,
          period: run.period,
          fileSha256: run.fileSha256,
          fileName: run.fileName,
          linesRead: run.linesRead,
          badLines: run.badLines,
          ...counts,
          charges,
          accuracy: run.accuracy,
          firstPass: run.firstPass,
          disputesPublished: published,
        },
        outcome: discrepancies + run.badLines > 0 ? 'discrepancies' : 'ok',
      },
    ]);
  },
};
