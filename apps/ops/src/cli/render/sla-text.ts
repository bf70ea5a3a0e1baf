import { formatDuration } from '@handoff/config';
import {
  formatPercent,
  type OperationScore,
  type PeriodIncident,
  type PointScore,
  type Scorecard,
} from '@handoff/operational-truth';
import { table } from './columns';

const ms = (value: number | null) => (value === null ? '-' : `${value}ms`);
const verdict = (met: boolean | null) => (met === null ? '-' : met ? 'met' : 'MISSED');

/** An operation's SLA in words: a call's p95 target or a piece of work's due time. */
function slaTarget(o: OperationScore): string {
  if (o.latencyP95TargetMs !== undefined) return `p95 ${formatDuration(o.latencyP95TargetMs)}`;
  if (o.dueWithinMs !== undefined) return `done within ${formatDuration(o.dueWithinMs)}`;
  return '-';
}

/** An operation's row of the scorecard, its latencies and verdict written as the caller writes them. */
export function operationRow(
  o: OperationScore,
  latency: (value: number | null) => string = ms,
  met: (value: boolean | null) => string = verdict,
): string[] {
  return [
    o.operation,
    slaTarget(o),
    String(o.calls),
    latency(o.p50Ms),
    latency(o.p95Ms),
    met(o.met),
    String(o.jeopardies),
  ];
}

function incidentLine(i: PeriodIncident): string {
  const what =
    i.kind === 'jeopardy'
      ? `jeopardy ${i.operation}: ${i.workItems} open past due`
      : i.kind === 'uncoveredFailure'
        ? `uncovered failure ${i.operation}: no SLA covers it`
        : `breach ${i.operation}: ${i.actual ?? '?'} vs SLA ${i.target ?? '?'}`;
  const end = i.end ? i.end.toISOString() : 'still open';
  const evidence = i.evidence.length > 0 ? `\n      evidence: ${i.evidence.join(', ')}` : '';
  const escalations = i.escalations
    .map(
      (e) => `\n      escalated L${e.level} ${e.raisedAt.toISOString()} to ${e.who} (${e.contact})`,
    )
    .join('');
  return `    ${what}, ${i.start.toISOString()} → ${end}${evidence}${escalations}`;
}

function pointText(p: PointScore): string {
  const a = p.availability;
  const actual = a.actualPercent === null ? 'not measured' : formatPercent(a.actualPercent);
  const named =
    a.met === false || p.breaches.length > 0
      ? ` (${p.vendor} broke its SLA: ${actual} vs ${formatPercent(a.targetPercent)})`
      : '';
  const heading =
    `${p.vendor} (${p.integrationPoint}, owner ${p.ownerTeam})${named}\n` +
    `  availability ${actual} vs SLA ${formatPercent(a.targetPercent)}: ${verdict(a.met)} ` +
    `(${a.calls} calls, ${a.probes} probes, ${a.failures} failed on the vendor's side)`;
  const operations = table(
    ['  OPERATION', 'SLA', 'CALLS', 'P50', 'P95', 'VERDICT', 'JEOPARDIES'],
    p.operations.map((o) => operationRow(o).map((c, i) => (i === 0 ? `  ${c}` : c))),
  );
  const incidents = [...p.breaches, ...p.jeopardies];
  const list =
    incidents.length === 0
      ? '  no breaches, no jeopardies'
      : `  breaches and jeopardies (${p.escalationsRaised} escalations raised):\n` +
        incidents.map(incidentLine).join('\n');
  return `${heading}\n${operations}\n${list}`;
}

export function slaText(card: Scorecard): string {
  const heading = `Vendor scorecard ${card.period.label} (${card.period.from.toISOString()} to ${card.period.to.toISOString()})`;
  return [heading, ...card.points.map(pointText)].join('\n\n');
}
