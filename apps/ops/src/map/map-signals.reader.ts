import type { DataSource } from 'typeorm';
import { ActivationRepository } from '@handoff/activation-saga';
import { integrationPointActivity } from '@handoff/audit';
import type { DeadLetter, DeadLetterOps } from '@handoff/dead-letters';
import type { FlowSignals, MapKpi, MapSignals } from '@handoff/integration-map';
import { MNO_INTEGRATION_POINT } from '@handoff/mno-provisioning';
import { TAX_INTEGRATION_POINT } from '@handoff/tax-engine';

/** Several browsers refreshing at once read Kafka's dead-letter topics once per this long. */
const DEAD_LETTER_CACHE_MS = 3_000;

/**
 * Reads what the map shows besides the ownership matrix: the ledger's recent activity, the open
 * dead letters (from their topics, cached for a few seconds) and the activations held.
 */
export class MapSignalsReader {
  private deadLetterCache: { at: number; items: Promise<DeadLetter[]> } | undefined;
  private readonly activations = new ActivationRepository();

  constructor(
    private readonly db: DataSource,
    private readonly deadLetters: DeadLetterOps,
    private readonly windowMs: number,
  ) {}

  async read(now = new Date()): Promise<MapSignals> {
    const [activity, open, held] = await Promise.all([
      integrationPointActivity(this.db, new Date(now.getTime() - this.windowMs)),
      this.openDeadLetters(),
      this.activations.heldByVendor(this.db),
    ]);
    const byPoint = deadLettersByPoint(open, now);
    return {
      activity,
      deadLetters: byPoint,
      held: new Map([
        [MNO_INTEGRATION_POINT, held.mno],
        [TAX_INTEGRATION_POINT, held.tax],
      ]),
      kpis: kpis(open, byPoint, held),
    };
  }

  private openDeadLetters(): Promise<DeadLetter[]> {
    const fresh =
      this.deadLetterCache && Date.now() - this.deadLetterCache.at < DEAD_LETTER_CACHE_MS;
    if (!fresh) {
      const items = this.deadLetters.list({ status: 'open' }).then((l) => l.items);
      // A failed read is not cached: the next refresh tries again.
      items.catch(() => (this.deadLetterCache = undefined));
      this.deadLetterCache = { at: Date.now(), items };
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
