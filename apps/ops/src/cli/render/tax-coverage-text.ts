import type { CoverageGap, TaxCoverageReport } from '../../tax-coverage/tax-coverage';
import { table } from './columns';

const WHY: Record<CoverageGap['status'], string> = {
  untaxed: 'the engine resolves it but has no tax rules: charges there are taxed zero',
  unknown: 'the engine has no such jurisdiction: quotes there fail',
};

export function taxCoverageText(report: TaxCoverageReport): string {
  const covered = report.places.length - report.gaps.length;
  const rows = report.places.map((p) => [
    `${p.state} ${p.locality}`,
    p.jurisdiction,
    p.status,
    p.engine ? String(p.engine.taxRuleCount) : '-',
    p.engine?.name ?? '-',
  ]);
  const heading = `Tax coverage: ${covered} of ${report.places.length} places sold in are taxed by the engine`;
  const places = table(['PLACE', 'JURISDICTION', 'STATUS', 'TAX RULES', 'ENGINE NAME'], rows);
  if (report.gaps.length === 0) return `${heading}\n${places}\n\nNo gaps.`;
  return `${heading}\n${places}\n\nGaps (${report.gaps.length}):\n${report.gaps.map(gapText).join('\n')}`;
}

function gapText(gap: CoverageGap): string {
  const { owner } = gap;
  const team = [owner.team, owner.channel].filter(Boolean).join(', ');
  return (
    `  ${gap.state} ${gap.locality} (${gap.jurisdiction}): ${WHY[gap.status]}\n` +
    `    owner: ${owner.teamName} (${team}) for ${owner.integrationPoint}; ` +
    `accountable ${owner.accountable.name}, ${owner.accountable.role}\n` +
    `    escalate to: ${owner.escalation.who} (${owner.escalation.contact})`
  );
}
