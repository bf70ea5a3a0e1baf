import type { DataSource } from 'typeorm';
import { ActivationRepository } from '@handoff/activation-saga';
import { integrationPointActivity } from '@handoff/audit';
import type { DeadLetter, DeadLetterOps } from '@handoff/dead-letters';
import type { FlowSignals, MapKpi, MapSignals } from '@handoff/integration-map';
import { kpiReport, lastDays, type KpiReport } from '@handoff/kpis';
import { MNO_INTEGRATION_POINT } from '@handoff/mno-provisioning';
import { latestProbes, openEscalations } from '@handoff/operational-truth';
import { TAX_INTEGRATION_POINT } from '@handoff/tax-engine';

/** Several browsers refreshing at once read Kafka's dead-letter topics once per this long. */
const DEAD_LETTER_CACHE_MS = 3_000;
/** The week's KPIs move slowly: the panel reads them at most this often. */
const KPI_CACHE_MS = 30_000;

/**
 * Reads what the map shows besides the ownership matrix: the ledger's recent activity, the latest
 * vendor probes and open escalations (operational truth's tables), the open dead letters (from
 * their topics, cached for a few seconds) and the activations held.
 */
export class MapSignalsReader {
  private deadLetterCache: { at: number; items: Promise<DeadLetter[]> } | undefined;
  private kpiCache: { at: number; report: Promise<KpiReport> } | undefined;
  private readonly activations = new ActivationRepository();

  constructor(
    private readonly db: DataSource,
    private readonly deadLetters: DeadLetterOps,
    private readonly windowMs: number,
    private readonly unbilledAfterDays: number,
  ) {}

  async read(now = new Date()): Promise<MapSignals> {
    const since = new Date(now.getTime() - this.windowMs);
    const [activity, probes, escalations, open, held, week] = await Promise.all([
      integrationPointActivity(this.db, since),
      latestProbes(this.db, since),
      openEscalations(this.db),
      this.openDeadLetters(),
      this.activations.heldByVendor(this.db),
      this.weekKpis(now),
    ]);
    const byPoint = deadLettersByPoint(open, now);
    return {
      activity,
      deadLetters: byPoint,
      held: new Map([
        [MNO_INTEGRATION_POINT, held.mno],
        [TAX_INTEGRATION_POINT, held.tax],
      ]),
      probes: new Map(
        probes.map((p) => [
          p.integrationPoint,
          { at: p.probedAt, ok: p.outcome === 'ok', errorCode: p.errorCode },
        ]),
      ),
      escalations: new Map(
        escalations.map((e) => [e.integrationPoint, { who: e.who, raisedAt: e.raisedAt }]),
      ),
      kpis: [...kpis(open, byPoint, held), ...weekPanel(week)],
    };
  }

  /** The last seven days' KPIs, read at most every 30 s whoever asks (the map, /metrics). */
  weekKpis(now: Date = new Date()): Promise<KpiReport> {
    if (!this.kpiCache || Date.now() - this.kpiCache.at >= KPI_CACHE_MS) {
      const report = kpiReport(this.db, lastDays(7, now), {
        unbilledAfterDays: this.unbilledAfterDays,
        now,
      });
      report.catch(() => (this.kpiCache = undefined));
      this.kpiCache = { at: Date.now(), report };
    }
    return this.kpiCache.report;
  }

  private openDeadLetters(): Promise<DeadLetter[]> {
    const fresh =
      this.deadLetterCache && Date.now() - this.deadLetterCache.at < DEAD_LETTER_CACHE_MS;
    if (!fresh) {
      const items = this.deadLetters.list({ status: 'open' }).then((l) => l.items);
      // The map still draws without them; the flows then show no dead letters until it reads.
      const shown = items.catch(() => [] as DeadLetter[]);
      // A failed read is not cached: the next refresh tries again.
      items.catch(() => (this.deadLetterCache = undefined));
      this.deadLetterCache = { at: Date.now(), items: shown };
    }
    return this.deadLetterCache!.items;
  }
}

function deadLettersByPoint(
  open: DeadLetter[],
  now: Date,
): Map<string, FlowSignals['deadLetters']> {
  const byPoint = new Map<string, FlowSignals['deadLetters']>();
  for (const d of open) {
    const age = now.getTime() - Date.parse(d.deadLetteredAt);
    const seen = byPoint.get(d.owner.integrationPoint) ?? { open: 0, oldestAgeMs: null };
    byPoint.set(d.owner.integrationPoint, {
      open: seen.open + 1,
      oldestAgeMs: Math.max(seen.oldestAgeMs ?? 0, Number.isFinite(age) ? age : 0),
    });
  }
  return byPoint;
}

function kpis(
  open: DeadLetter[],
  byPoint: Map<string, FlowSignals['deadLetters']>,
  held: { tax: number; mno: number },
): MapKpi[] {
  const byTeam = new Map<string, number>();
  for (const d of open) byTeam.set(d.owner.team, (byTeam.get(d.owner.team) ?? 0) + 1);
  const oldest = Math.max(0, ...[...byPoint.values()].map((v) => v.oldestAgeMs ?? 0));
  return [
    {
      label: 'Dead letters open',
      value: String(open.length),
      detail:
        open.length === 0
          ? 'none'
          : [...byTeam].map(([team, n]) => `${team} ${n}`).join(', ') +
            ` (oldest ${Math.round(oldest / 60_000)} min)`,
    },
    {
      label: 'Activations held',
      value: String(held.mno + held.tax),
      detail: `MNO ${held.mno}, tax ${held.tax}`,
    },
  ];
}

/** The week's KPIs, as one line each. */
function weekPanel(k: KpiReport): MapKpi[] {
  const minutes = (s: number | null) => (s === null ? 'n/a' : `${Math.round(s / 60)} min`);
  const first = k.activationToFirstBill.all;
  const mno = k.provisioning.mnoCalls.map((c) => `${c.operation} ${c.p95Ms ?? '-'} ms`).join(', ');
  return [
    {
      label: 'Activation to first bill (7 days)',
      value: `p50 ${minutes(first.p50Seconds)}`,
      detail: `p95 ${minutes(first.p95Seconds)} over ${first.count} billed lines`,
    },
    {
      label: `Active, never billed (> ${k.unbilled.afterDays} days)`,
      value: String(k.unbilled.count),
      detail:
        k.unbilled.byChannel.map((c) => `${c.dealerId ?? c.channel} ${c.count}`).join(', ') ||
        'none',
    },
    {
      label: 'Fallout (7 days)',
      value: `${Math.round(k.fallout.share * 1000) / 10}%`,
      detail: `${k.fallout.fallout} of ${k.fallout.requested}; ${k.fallout.byReason
        .slice(0, 3)
        .map((r) => `${r.key} ${r.count}`)
        .join(', ')}`,
    },
    {
      label: 'Provisioning p95 (7 days)',
      value: `${k.provisioning.activation.p95Seconds ?? 'n/a'} s`,
      detail: mno ? `MNO calls p95: ${mno}` : 'no MNO calls',
    },
  ];
}
