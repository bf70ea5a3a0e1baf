import type { DiscardResult, DryRunReport, ReplayReport } from '@handoff/dead-letters';
import { shortType } from './columns';

export function replayText(report: ReplayReport): string {
  const lines = report.results.map((r) => {
    const head = `${r.id}  ${shortType(r.eventType)}  ${r.outcome}${r.failedAgain ? ' (FAILED AGAIN)' : ''}: ${r.message}`;
    return r.dryRun ? `${head}\n${dryRunText(r.dryRun)}` : head;
  });
  const c = report.counts;
  const summary = report.dryRun
    ? `dry run, nothing changed: ${c['would-replay']} would be replayed, ${c.refused} refused`
    : `${c.replayed} replayed, ${report.failedAgain} failed again, ${c.refused} refused, ${c.skipped} skipped, ${c.failed} failed`;
  const stopped = report.stopped
    ? '\nSTOPPED: replayed records failed again; fix the cause first'
    : '';
  const partial = report.complete ? '' : '\n(partial: the dead-letter read hit its deadline)';
  return [...lines, summary].join('\n') + stopped + partial;
}

function dryRunText(d: DryRunReport): string {
  const calls = d.vendorCalls.map((c) => `${c.vendor} ${c.call}`).join(' -> ') || 'none';
  const applied =
    d.alreadyApplied === null ? 'unknown (no event id)' : d.alreadyApplied ? 'yes' : 'no';
  return [
    `    passes validation: ${d.passesValidation ? 'yes' : `no (${d.validationError})`}`,
    `    already applied: ${applied}`,
    `    vendor calls: ${calls}`,
    `    would go to: ${d.targetTopic}`,
  ].join('\n');
}

export function discardText(results: readonly DiscardResult[]): string {
  return results.map((r) => `${r.id}  ${r.outcome}: ${r.message}`).join('\n');
}
