import type { DiscardResult, DryRunReport, ReplayReport, VendorCall } from '@handoff/dead-letters';
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
  const applied =
    d.alreadyApplied === null ? 'unknown (no event id)' : d.alreadyApplied ? 'yes' : 'no';
  return [
    `    passes validation: ${d.passesValidation ? 'yes' : `no (${d.validationError})`}`,
    `    already applied: ${applied}`,
    ...vendorCallsText(d.vendorCalls),
    `    would go to: ${d.targetTopic}`,
  ].join('\n');
}

/** One line a call: a replayed saga resumes at the step its row stopped at, so the step is shown. */
function vendorCallsText(calls: readonly VendorCall[] | null): string[] {
  if (calls === null) return ['    vendor calls: not declared for this consumer group'];
  if (calls.length === 0) return ['    vendor calls: none'];
  const width = Math.max(...calls.map((c) => c.step.length));
  return [
    '    vendor calls (a replay resumes at the step its activation stopped at):',
    ...calls.map((c) => `      ${c.step.padEnd(width)}  ${c.vendor} ${c.call}: ${c.when}`),
  ];
}

export function discardText(results: readonly DiscardResult[]): string {
  return results.map((r) => `${r.id}  ${r.outcome}: ${r.message}`).join('\n');
}
