import type { Percentiles } from '@handoff/kpis';
import { cdrReconciliationText } from '../../kpis/cdr-reconciliation';
import type { OpsKpis } from '../../kpis/ops-kpis';
import { table } from './columns';

/** Seconds as a person reads them: 42s, 3.5m, 2.1h, 1.8d. */
export function seconds(value: number | null): string {
  if (value === null) return '-';
  if (value < 60) return `${Math.round(value * 10) / 10}s`;
  if (value < 3_600) return `${Math.round((value / 60) * 10) / 10}m`;
  if (value < 86_400) return `${Math.round((value / 3_600) * 10) / 10}h`;
  return `${Math.round((value / 86_400) * 10) / 10}d`;
}

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;
const p = (x: Percentiles) => [String(x.count), seconds(x.p50Seconds), seconds(x.p95Seconds)];

/** The KPI report as the terminal shows it: one block per KPI, figures in tables. */
export function kpisText(k: OpsKpis): string {
  const blocks = [
    `KPIs for ${k.period.label} (${k.period.from} to ${k.period.to})`,
    'Activation to first bill (request → first successful charge, any flow)',
    table(
      ['channel', 'dealer', 'activated', 'billed', 'p50', 'p95'],
      [
        ['all', '', '', ...p(k.activationToFirstBill.all)],
        ...k.activationToFirstBill.byChannel.map((g) => [
          g.channel,
          g.dealerId ?? '-',
          String(g.activated),
          ...p(g),
        ]),
      ],
    ),
    `Lines active more than ${k.unbilled.afterDays} days and never charged: ${k.unbilled.count}` +
      (k.unbilled.oldest.length > 0
        ? `\n  oldest: ${k.unbilled.oldest
            .slice(0, 5)
            .map((o) => `${o.activationId} (active since ${o.activatedAt})`)
            .join(', ')}`
        : ''),
    'Provisioning',
    table(
      ['what', 'count', 'p50', 'p95'],
      [
        ['activation, request → active', ...p(k.provisioning.activation)],
        ...k.provisioning.mnoCalls.map((c) => [
          `MNO ${c.operation}`,
          String(c.count),
          c.p50Ms === null ? '-' : `${c.p50Ms}ms`,
          c.p95Ms === null ? '-' : `${c.p95Ms}ms`,
        ]),
      ],
    ),
    `Fallout: ${k.fallout.fallout} of ${k.fallout.requested} activations (${pct(k.fallout.share)}) rejected, failed or held`,
    k.fallout.fallout === 0
      ? '  (none)'
      : table(
          ['by', 'key', 'count', 'share'],
          [
            ...k.fallout.byDealer.map((f) => ['dealer', f.key, String(f.count), pct(f.share)]),
            ...k.fallout.byOwner.map((f) => ['owner', f.key, String(f.count), pct(f.share)]),
            ...k.fallout.byReason.map((f) => ['reason', f.key, String(f.count), pct(f.share)]),
          ],
        ),
    `Escalations raised: ${k.escalations.total} (${k.escalations.perWeek} a week)` +
      k.escalations.byPoint.map((e) => `\n  ${e.integrationPoint}: ${e.raised}`).join(''),
    `CDR feed delay: ${
      k.cdrFeed.delaySeconds === null
        ? 'no usage received yet'
        : `${seconds(k.cdrFeed.delaySeconds)} (newest record ${k.cdrFeed.newestRecordAt?.toISOString() ?? '-'})`
    }`,
    `CDR reconciliation accuracy: ${cdrReconciliationText(k.cdrReconciliation)}`,
    `Dead letters open: ${k.deadLetters.total}${k.deadLetters.complete ? '' : ' (read incomplete)'}`,
    k.deadLetters.byOwner.length === 0
      ? '  (none)'
      : table(
          ['owner', 'open', 'oldest'],
          k.deadLetters.byOwner.map((d) => [d.team, String(d.open), seconds(d.oldestAgeSeconds)]),
        ),
  ];
  return blocks.join('\n\n');
}
