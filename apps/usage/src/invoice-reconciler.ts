import type { DataSource } from 'typeorm';
import { loadInfraConfig } from '@handoff/config';
import { createDataSource } from '@handoff/persistence';
import type { NewEvent } from '@handoff/messaging';
import {
  invoiceLineBatches,
  type BadLine,
  type InspectedInvoice,
  type InvoiceLine,
} from '@handoff/usage-feed';
import {
  InvoiceReconciliation,
  mismatchEvent,
  ReconciliationRunStore,
  type Discrepancy,
  type ReconciliationRun,
  type ReconciliationSettings,
  usageAudit,
  type UsageAuditor,
} from '@handoff/usage-ingestion';

/** Lines per INSERT of the temporary table: measured in bench/README.md (Usage reconciliation). */
const INSERT_BATCH = 5_000;
const PAGE = 5_000;
const MAX_BAD_LINES_KEPT = 1_000;

export interface ReconcileOptions {
  period: string;
  settings: ReconciliationSettings;
  /** How many discrepancies the report lists; all are published. */
  show: number;
  publish(events: readonly NewEvent[]): Promise<void>;
  /** Who the run's ledger row names. */
  auditor: UsageAuditor;
  onProgress?(linesDone: number): void;
}

export interface ReconcileResult {
  run: ReconciliationRun;
  badLines: BadLine[];
  /** The first `show` discrepancies, in day, subscriber and type order. */
  discrepancies: Discrepancy[];
  published: number;
  /** Where the time went, in milliseconds: reading and loading the file, comparing, publishing. */
  timings: { loadMs: number; compareMs: number; publishMs: number };
  /** The period's CDR reconciliation accuracy: its first pass (this run, or an earlier one). */
  firstPassAccuracy: number | null;
}

/**
 * One `usage reconcile` run: loads the invoice into PostgreSQL, compares, publishes a dispute
 * event per discrepancy with a subscriber, then records the run. Events go out before the run is
 * committed: a run that failed half-way is not stored (the next is still the first pass), and its
 * events, published again under the same ids, are dropped by consumers.
 */
export async function reconcileInvoice(
  invoice: InspectedInvoice,
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  const db = await openDatabase();
  try {
    const reconciliation = await InvoiceReconciliation.begin(db);
    try {
      const clock = stopwatch();
      const loaded = await load(reconciliation, invoice, options);
      const loadMs = clock();
      const { counts, charges } = await reconciliation.compare(options.period, options.settings);
      const compareMs = clock();
      const runs = new ReconciliationRunStore();
      const run = await runs.record(reconciliation.manager, {
        period: options.period,
        fileSha256: invoice.sha256,
        fileName: invoice.fileName,
        linesRead: loaded.linesRead,
        badLines: loaded.bad,
        counts,
        charges,
      });
      const { shown, published } = await publishAll(reconciliation, run, options);
      await usageAudit.reconciliationRun(reconciliation.manager, options.auditor, run, published);
      const timings = { loadMs, compareMs, publishMs: clock() };
      const { firstPass } = await runs.accuracy(reconciliation.manager, options.period);
      await reconciliation.commit();
      const firstPassAccuracy = firstPass?.accuracy ?? null;
      const discrepancies = shown;
      return {
        run,
        badLines: loaded.badLines,
        discrepancies,
        published,
        timings,
        firstPassAccuracy,
      };
    } finally {
      await reconciliation.release();
    }
  } finally {
    await db.destroy();
  }
}

/**
 * Reads, parses and loads the invoice; the next batch is parsed while PostgreSQL inserts the one
 * before (one insert in flight), so the two cores work at once (bench/README.md).
 */
async function load(
  reconciliation: InvoiceReconciliation,
  invoice: InspectedInvoice,
  options: ReconcileOptions,
) {
  const loaded = { linesRead: 0, bad: 0, badLines: [] as BadLine[] };
  let batch: InvoiceLine[] = [];
  let inserting: Promise<void> = Promise.resolve();
  const flush = async () => {
    await inserting;
    inserting = reconciliation.add(batch);
    // Awaited before the next insert or at the end; until then a failure must not count as unhandled.
    inserting.catch(() => undefined);
    batch = [];
    options.onProgress?.(loaded.linesRead);
  };
  for await (const chunk of invoiceLineBatches(invoice, options.period)) {
    for (const parsed of chunk) {
      loaded.linesRead += 1;
      if ('line' in parsed) batch.push(parsed.line);
      else {
        loaded.bad += 1;
        if (loaded.badLines.length < MAX_BAD_LINES_KEPT) {
          loaded.badLines.push({
            lineNumber: parsed.lineNumber,
            reason: parsed.reasons.join('; '),
          });
        }
      }
    }
    if (batch.length >= INSERT_BATCH) await flush();
  }
  await flush();
  await inserting;
  return loaded;
}

async function publishAll(
  reconciliation: InvoiceReconciliation,
  run: ReconciliationRun,
  options: ReconcileOptions,
) {
  const context = {
    period: run.period,
    invoiceSha256: run.fileSha256,
    runId: run.runId,
    at: run.ranAt,
  };
  const shown: Discrepancy[] = [];
  let published = 0;
  for (let after = 0; ;) {
    const page = await reconciliation.discrepancies(after, PAGE);
    if (page.length === 0) return { shown, published };
    after = page[page.length - 1]?.seq ?? after;
    shown.push(
      ...page.slice(0, Math.max(0, options.show - shown.length)).map(({ seq: _, ...d }) => d),
    );
    const events = page.flatMap((d) =>
      d.subscriberId === null
        ? []
        : [mismatchEvent({ ...d, subscriberId: d.subscriberId }, context)],
    );
    if (events.length > 0) await options.publish(events);
    published += events.length;
  }
}

/** Milliseconds since the previous call (or the start). */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = Math.round(now - last);
    last = now;
    return ms;
  };
}

function openDatabase(): Promise<DataSource> {
  return createDataSource(loadInfraConfig().databaseUrl, { poolSize: 1 }).initialize();
}
