import { Command, InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { inspectInvoice, type InspectedInvoice } from '@handoff/usage-feed';
import { loadReconciliationConfig, type ReconciliationSettings } from '@handoff/usage-ingestion';
import { Topics } from '@handoff/messaging';
import { reconcileInvoice } from './invoice-reconciler';
import { reconcileJson, reconcileText } from './reconcile-report';
import { feedAuditor, openFeedPublisher, USAGE_RECONCILE_SERVICE } from './usage-feed.publisher';

/** Exit codes, documented in --help and docs/usage.md. */
export const ReconcileExit = { AllMatched: 0, Discrepancies: 1, CouldNotRun: 2 } as const;

const HELP = `
Invoice format: CSV, UTF-8, a header row naming the columns (any order), one line per subscriber
line and UTC day; see docs/usage.md.
  imsi,msisdn,usage_day,voice_seconds,sms_count,data_bytes,charge_minor,currency

Compares the invoice's usage with the usage Handoff accepted (guided) for the period, per
subscriber, day and type: matched (within USAGE_RECONCILE_TOLERANCE), mismatched, only on the
invoice, only in Handoff. Charges are compared when USAGE_WHOLESALE_RATES is set. Each run is
stored; the first run of a period is its first pass, whose share matched is the CDR
reconciliation accuracy KPI. Every discrepancy with a subscriber is published as a
UsageReconciliationMismatch event (owner: the MNO usage feed's integration point).

Exit codes:
  0  every figure matched and no line was bad
  1  discrepancies or bad lines (the run is stored)
  2  could not run: the file unreadable or not the format, a bad --period or setting,
     PostgreSQL or Kafka unreachable (nothing stored)`;

export function reconcileCommand(): Command {
  return new Command('reconcile')
    .description("compare the MNO's wholesale invoice for a month with Handoff's accepted usage")
    .argument('<invoice>', "the MNO's wholesale invoice CSV")
    .requiredOption('--period <YYYY-MM>', 'the month the invoice bills', periodOf)
    .option('--json', 'print the report as JSON')
    .option('--show <n>', 'discrepancies listed in the report', countOf, 20)
    .addHelpText('after', HELP)
    .action(async (file: string, options: { period: string; json?: boolean; show: number }) => {
      process.exitCode = await reconcile(file, options);
    });
}

async function reconcile(
  file: string,
  options: { period: string; json?: boolean; show: number },
): Promise<number> {
  const ready = await prepare(file);
  if (typeof ready === 'number') return ready;
  const { invoice, settings } = ready;
  const publisher = await openFeedPublisher(USAGE_RECONCILE_SERVICE, [Topics.UsageRecords]);
  const bar = new SingleBar(
    { format: `${invoice.fileName} {bar} {value}/{total} lines | {eta}s left`, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(Math.max(0, invoice.lines - 1), 0);
  try {
    const result = await reconcileInvoice(invoice, {
      period: options.period,
      settings,
      show: options.show,
      publish: (events) => publisher.publish(events),
      auditor: feedAuditor(USAGE_RECONCILE_SERVICE),
      onProgress: (done) => bar.update(done),
    });
    bar.stop();
    const accuracy = result.firstPassAccuracy;
    process.stdout.write(
      options.json
        ? `${JSON.stringify(reconcileJson(result, accuracy), null, 2)}\n`
        : `${reconcileText(result, accuracy)}\n`,
    );
    const { counts } = result.run;
    const clean = counts.mismatched + counts.onlyInvoice + counts.onlyHandoff + result.run.badLines;
    return clean === 0 ? ReconcileExit.AllMatched : ReconcileExit.Discrepancies;
  } catch (error) {
    bar.stop();
    process.stderr.write(`usage reconcile: ${String(error)}\n`);
    return ReconcileExit.CouldNotRun;
  } finally {
    await publisher.close().catch(() => undefined);
  }
}

async function prepare(
  file: string,
): Promise<{ invoice: InspectedInvoice; settings: ReconciliationSettings } | number> {
  try {
    const settings = loadReconciliationConfig(process.env);
    return { invoice: await inspectInvoice(file), settings };
  } catch (error) {
    // A file that is not the format (UsageFileError) or a setting that does not validate.
    process.stderr.write(
      `usage reconcile: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return ReconcileExit.CouldNotRun;
  }
}

function periodOf(text: string): string {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!month) throw new InvalidArgumentError('a month such as 2026-11');
  return text;
}

function countOf(text: string): number {
  if (!/^\d{1,6}$/.test(text)) throw new InvalidArgumentError('a whole number');
  return Number(text);
}
