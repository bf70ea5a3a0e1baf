import type { RedriveReport } from '@handoff/activation-saga';

export function redriveText(report: RedriveReport): string {
  const lines = report.results.map((r) => {
    if (r.outcome === 'skipped') return `${r.activationId} was not re-driven: ${r.detail}`;
    const held = r.heldReasonCode ? ` (held for ${r.heldReasonCode} at ${r.heldStep})` : '';
    return `${r.activationId}${held}  ${r.outcome}: ${r.detail}`;
  });
  const c = report.counts;
  const summary = report.dryRun
    ? `dry run, nothing changed: ${c.wouldRedrive} would be re-driven, ${c.skipped} skipped, ${c.notFound} not found`
    : `${c.redriven} re-driven, ${c.skipped} skipped, ${c.notFound} not found`;
  const none = report.results.length === 0 ? ['no held activation matches'] : [];
  const partial = report.complete ? '' : '\n(more held activations match: run again for the rest)';
  return [...none, ...lines, summary].join('\n') + partial;
}
