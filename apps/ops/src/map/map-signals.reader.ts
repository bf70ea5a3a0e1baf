import type { DataSource } from 'typeorm';
import { ActivationRepository } from '@handoff/activation-saga';
import { integrationPointActivity } from '@handoff/audit';
import type { DeadLetter } from '@handoff/dead-letters';
import {
  humanDuration,
  type FlowSignals,
  type MapKpi,
  type MapSignals,
} from '@handoff/integration-map';
import { kpiReport, lastDays, type KpiReport } from '@handoff/kpis';
import { MNO_INTEGRATION_POINT } from '@handoff/mno-provisioning';
import { latestProbes, openEscalations } from '@handoff/operational-truth';
import { TAX_INTEGRATION_POINT } from '@handoff/tax-engine';
import { cachedFor } from '../cached-for';
import {
  accuracyPercent,
  cdrReconciliation,
  cdrReconciliationText,
  type CdrReconciliationKpi,
} from '../kpis/cdr-reconciliation';
import { tallyOpen, type OpenDeadLetterReader } from '../kpis/open-dead-letters';

/** The week's KPIs move slowly: the panel reads them at most this often. */
const KPI_CACHE_MS = 30_000;

/**
 * Reads what the map shows besides the ownership matrix: the ledger's recent activity, the latest
 * vendor probes and open escalations (operational truth's tables), the open dead letters (from
 * their topics, through the ops API's one cached reader) and the activations held.
 */
export class MapSignalsReader {
  private readonly activations = new ActivationRepository();
  /** The last seven days' KPIs, read at most every 30 s whoever asks (the map, /metrics). */
  readonly weekKpis: () => Promise<KpiReport>;
  /** The CDR reconciliation accuracy of the week's month, as often. */
  private readonly reconciliation: () => Promise<CdrReconciliationKpi>;

  constructor(
    private readonly db: DataSource,
    private readonly openDeadLetters: OpenDeadLetterReader,
    private readonly windowMs: number,
    unbilledAfterDays: number,
  ) {
    this.weekKpis = cachedFor(KPI_CACHE_MS, () => {
      const now = new Date();
      return kpiReport(db, lastDays(7, now), { unbilledAfterDays, now });
    });
    this.reconciliation = cachedFor(KPI_CACHE_MS, () =>
      cdrReconciliation(db, lastDays(7, new Date())),
    );
  }

  async read(now = new Date()): Promise<MapSignals> {
    const since = new Date(now.getTime() - this.windowMs);
    const [activity, probes, escalations, open, held, week, reconciliation] = await Promise.all([
      integrationPointActivity(this.db, since),
      latestProbes(this.db, since),
      openEscalations(this.db),
      this.openDeadLetters().then((listing) => listing.items),
      this.activations.heldByVendor(this.db),
      this.weekKpis(),
      this.reconciliation(),
    ]);
    const byPoint = tallyOpen(open, now, (d) => d.owner.integrationPoint);
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
      kpis: [
        ...kpis(open, byPoint, held, now),
        ...weekPanel(week),
        reconciliationPanel(reconciliation),
      ],
    };
  }
}

function kpis(
  open: DeadLetter[],
  byPoint: Map<string, FlowSignals['deadLetters']>,
  held: { tax: number; mno: number },
  now: Date,
): MapKpi[] {
  const byTeam = tallyOpen(open, now, (d) => d.owner.team);
  const oldest = Math.max(0, ...[...byPoint.values()].map((v) => v.oldestAgeMs ?? 0));
  return [
    {
      label: 'Dead letters open',
      value: String(open.length),
      detail:
        open.length === 0
          ? 'none'
          : [...byTeam].map(([team, t]) => `${team} ${t.open}`).join(', ') +
            ` (oldest ${humanDuration(oldest)})`,
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
  const inWords = (s: number | null) => (s === null ? 'n/a' : humanDuration(s * 1000));
  const first = k.activationToFirstBill.all;
  const mno = k.provisioning.mnoCalls.map((c) => `${c.operation} ${c.p95Ms ?? '-'} ms`).join(', ');
  return [
    {
      label: 'Activation to first bill (7 days)',
      value: `p50 ${inWords(first.p50Seconds)}`,
      detail: `p95 ${inWords(first.p95Seconds)} over ${first.count} billed lines`,
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
      value: inWords(k.provisioning.activation.p95Seconds),
      detail: mno ? `MNO calls p95: ${mno}` : 'no MNO calls',
    },
  ];
}

/** The CDR reconciliation accuracy: reconciled by month, so the month holding most of the week. */
function reconciliationPanel(k: CdrReconciliationKpi): MapKpi {
  return {
    label: `CDR reconciliation accuracy (${k.month})`,
    value: accuracyPercent(k),
    detail: cdrReconciliationText(k),
  };
}
