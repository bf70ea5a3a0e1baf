import type { KpiReport, Percentiles } from '@handoff/kpis';
import { formatPercent, type PeriodIncident, type PointScore } from '@handoff/operational-truth';
import { formatDuration } from '@handoff/config';
import { seconds } from '../cli/render/kpis-text';
import { cdrReconciliationText } from '../kpis/cdr-reconciliation';
import { operationRow } from '../cli/render/sla-text';
import type { WeeklyReview } from './weekly-review';

const day = (d: Date) => d.toISOString().slice(0, 10);
const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`;
const ms = (value: number | null) => (value === null ? '-' : `${value} ms`);
const verdict = (met: boolean | null) => (met === null ? '-' : met ? 'met' : '**missed**');
const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;
/** A cell may not hold a pipe or a line break. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '_none_';
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function incidentWhat(i: PeriodIncident): string {
  if (i.kind === 'jeopardy') return `jeopardy on ${i.operation}: ${i.workItems} open past due`;
  if (i.kind === 'uncoveredFailure') return `failure no SLA covers: ${i.operation}`;
  const measure = i.measure === 'latencyP95' ? 'p95' : (i.measure ?? '');
  const what = i.operation === i.measure || !measure ? i.operation : `${i.operation} ${measure}`;
  return `breach of ${what}: ${i.actual ?? '?'} vs SLA ${i.target ?? '?'}`;
}

function escalated(i: PeriodIncident): string {
  if (i.escalations.length === 0) return 'not escalated';
  return `escalated to ${i.escalations
    .map((e) => `${e.who} (L${e.level}, ${minute(e.raisedAt)})`)
    .join(', ')}`;
}

const span = (i: PeriodIncident) => `${minute(i.start)} → ${i.end ? minute(i.end) : 'still open'}`;

function breachedSection(points: PointScore[]): string {
  const lines = points.flatMap((p) => [
    ...(p.availability.met === false
      ? [
          `- **${p.vendor}** (${p.integrationPoint}), owner **${p.ownerTeam}**: over the week, availability ` +
            `${formatPercent(p.availability.actualPercent!)} vs SLA ${formatPercent(p.availability.targetPercent)}`,
        ]
      : []),
    ...p.operations
      .filter((o) => o.met === false)
      .map(
        (o) =>
          `- **${p.vendor}** (${p.integrationPoint}), owner **${p.ownerTeam}**: over the week, ${o.operation} ` +
          `p95 ${ms(o.p95Ms)} vs SLA ${formatDuration(o.latencyP95TargetMs!)}`,
      ),
    ...[...p.breaches, ...p.jeopardies].map(
      (i) =>
        `- **${p.vendor}** (${p.integrationPoint}), owner **${p.ownerTeam}**: ${incidentWhat(i)}, ` +
        `${span(i)}, ${escalated(i)}`,
    ),
  ]);
  return lines.length === 0 ? 'Nothing breached its SLA this week.' : lines.join('\n');
}

function pointSection(p: PointScore): string {
  const a = p.availability;
  const actual = a.actualPercent === null ? 'not measured' : formatPercent(a.actualPercent);
  const incidents = [...p.breaches, ...p.jeopardies];
  return [
    `### ${p.vendor}: ${p.integrationPoint} (owner ${p.ownerTeam})`,
    `Availability **${actual}** vs SLA ${formatPercent(a.targetPercent)}: ${verdict(a.met)} ` +
      `(${a.calls} calls, ${a.probes} probes, ${a.failures} failed on the vendor's side)`,
    table(
      ['Operation', 'SLA', 'Calls', 'p50', 'p95', 'Verdict', 'Jeopardies'],
      p.operations.map((o) => operationRow(o, ms, verdict)),
    ),
    incidents.length === 0
      ? 'No breaches, no jeopardies, no escalations.'
      : `Breaches and jeopardies (${p.escalationsRaised} escalations raised):\n\n` +
        incidents.map((i) => `- ${incidentWhat(i)}, ${span(i)}, ${escalated(i)}`).join('\n'),
  ].join('\n\n');
}

function kpiRows(now: KpiReport, before: KpiReport): string[][] {
  const both = (label: string, f: (k: KpiReport) => string) => [label, f(now), f(before)];
  const percentiles = (label: string, pick: (k: KpiReport) => Percentiles) => [
    both(`${label}, p50`, (k) => seconds(pick(k).p50Seconds)),
    both(`${label}, p95`, (k) => seconds(pick(k).p95Seconds)),
  ];
  const operations = [
    ...new Set([now, before].flatMap((k) => k.provisioning.mnoCalls.map((c) => c.operation))),
  ].sort();
  const mno = (operation: string) => (k: KpiReport) => {
    const c = k.provisioning.mnoCalls.find((x) => x.operation === operation);
    return c ? `${ms(c.p95Ms)} (${c.count} calls)` : '-';
  };
  return [
    both('Activations requested', (k) => String(k.fallout.requested)),
    ...percentiles('Activation to first bill', (k) => k.activationToFirstBill.all),
    both('Lines billed', (k) => String(k.activationToFirstBill.all.count)),
    ...percentiles('Provisioning (request → active)', (k) => k.provisioning.activation),
    ...operations.map((o) => both(`MNO ${o}, p95`, mno(o))),
    both(
      'Fallout (rejected, failed or held)',
      (k) => `${k.fallout.fallout} of ${k.fallout.requested} (${pct(k.fallout.share)})`,
    ),
  ];
}

/** The COO's weekly operating review, one Markdown page (issue 14). */
export function reviewMarkdown(r: WeeklyReview): string {
  const k = r.kpis;
  const dead = k.deadLetters;
  return (
    [
      `# Weekly operating review ${r.week.label}`,
      `${day(r.week.from)} to ${day(new Date(r.week.to.getTime() - 1))} (UTC), ` +
        `beside the previous week ${r.previous.label}.`,
      '## What breached and who owned it',
      breachedSection(r.scorecard.points),
      '## SLA performance per integration point',
      ...r.scorecard.points.map(pointSection),
      '## KPIs',
      table(['KPI', r.week.label, r.previous.label], kpiRows(k, r.previousKpis)),
      `Lines active more than ${k.unbilled.afterDays} days and never charged (now): **${k.unbilled.count}**`,
      'CDR reconciliation accuracy (reconciled by month: the month holding most of this week): ' +
        cdrReconciliationText(k.cdrReconciliation),
      '## Dead letters open by owner (now)',
      `${dead.total} open${dead.complete ? '' : ' (the read was incomplete: there may be more)'}.`,
      table(
        ['Owner', 'Open', 'Oldest'],
        dead.byOwner.map((d) => [d.team, String(d.open), seconds(d.oldestAgeSeconds)]),
      ),
    ].join('\n\n') + '\n'
  );
}
