import type { Discrepancy } from '@handoff/usage-ingestion';
import type { ReconcileResult } from './invoice-reconciler';

const UNITS = { voice: 's', sms: 'msg', data: 'B' } as const;

/** The report `--json` prints: the run as stored, the bad lines, the first discrepancies. */
export function reconcileJson(result: ReconcileResult, accuracy: number | null) {
  const { run } = result;
  return {
    runId: run.runId,
    period: run.period,
    file: run.fileName,
    sha256: run.fileSha256,
    linesRead: run.linesRead,
    bad: run.badLines,
    badLines: result.badLines,
    outcomes: run.counts,
    charges: run.charges,
    accuracy: run.accuracy,
    firstPass: run.firstPass,
    reconciliationAccuracy: accuracy,
    eventsPublished: result.published,
    timings: result.timings,
    discrepancies: result.discrepancies,
    ranAt: run.ranAt.toISOString(),
  };
}

/** The human report: counts per outcome, charges, accuracy, the first discrepancies, bad lines. */
export function reconcileText(result: ReconcileResult, accuracy: number | null): string {
  const { run } = result;
  const { counts } = run;
  const lines = [
    `${run.fileName} (${run.period}): ${run.linesRead} lines read, ${run.badLines} bad`,
    '',
    '  outcome        count',
    `  matched        ${pad(counts.matched)}`,
    `  mismatched     ${pad(counts.mismatched)}`,
    `  only invoice   ${pad(counts.onlyInvoice)}${counts.unknownLines ? `  (${counts.unknownLines} for lines Handoff never had)` : ''}`,
    `  only Handoff   ${pad(counts.onlyHandoff)}`,
    '',
    run.charges.compared
      ? `charges (${run.charges.currency}): ${run.charges.matched} matched, ${run.charges.mismatched} mismatched`
      : 'charges: not compared (no wholesale rates: USAGE_WHOLESALE_RATES)',
    `accuracy of this run: ${percent(run.accuracy)}${run.firstPass ? ' (first pass)' : ''}`,
    `CDR reconciliation accuracy (${run.period}, first pass): ${percent(accuracy)}`,
    `${result.published} mismatch events published`,
    `took ${seconds(result.timings.loadMs)} reading and loading, ${seconds(result.timings.compareMs)} comparing, ${seconds(result.timings.publishMs)} publishing`,
  ];
  if (result.discrepancies.length > 0) {
    lines.push(
      '',
      '  day         subscriber            type   invoice        Handoff        difference  outcome',
    );
    lines.push(...result.discrepancies.map(discrepancyRow));
    const unshown =
      counts.mismatched + counts.onlyInvoice + counts.onlyHandoff - result.discrepancies.length;
    if (unshown > 0) lines.push(`  ... and ${unshown} more (--json, --show N)`);
  }
  lines.push(...result.badLines.map((b) => `  line ${b.lineNumber}: ${b.reason}`));
  const unshownBad = run.badLines - result.badLines.length;
  if (unshownBad > 0) lines.push(`  ... and ${unshownBad} more bad lines`);
  return lines.join('\n');
}

function discrepancyRow(d: Discrepancy): string {
  const unit = UNITS[d.usageType];
  const figure = (n: number | null) => (n === null ? '-' : `${n} ${unit}`).padEnd(14);
  const who = d.subscriberId ?? `unknown line (line ${d.invoiceLine})`;
  return `  ${d.usageDay}  ${who.padEnd(20)}  ${d.usageType.padEnd(5)}  ${figure(d.invoice)} ${figure(d.handoff)} ${String(d.difference).padStart(10)}  ${d.outcome}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function pad(n: number): string {
  return String(n).padStart(5);
}

function percent(share: number | null): string {
  return share === null ? 'n/a (nothing to compare)' : `${(share * 100).toFixed(2)}%`;
}
