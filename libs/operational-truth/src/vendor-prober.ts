import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from './clock';
import { lastProbeAt, recordProbe, type ProbeResult } from './probe.store';
import type { VendorPointSla } from './sla-book';

/**
 * A cheap read the vendor offers (a line or document that does not exist): it resolves when the
 * vendor answered at all, a not-found included, and throws the adapter's classified error when
 * it did not (timeout, 5xx, refused connection). Each vendor adapter provides one.
 */
export interface VendorProbe {
  probe(signal?: AbortSignal): Promise<void>;
}

/** Any number, fixed: the advisory lock that lets one prober at a time probe, across instances. */
const PROBER_LOCK = 7_307_120_141;

/**
 * Probes each vendor point whose last probe is older than its `probeEvery`, and records the
 * result, so an idle point's availability is still measured. One instance probes at a time (a
 * transaction-scoped advisory lock; the others skip the round), and the last probe's time is read
 * under the lock, so two instances never probe one vendor twice in an interval.
 */
export class VendorProber {
  constructor(
    private readonly dataSource: DataSource,
    private readonly points: readonly VendorPointSla[],
    private readonly probes: ReadonlyMap<string, VendorProbe>,
    private readonly clock: Clock,
  ) {}

  async probeDue(): Promise<ProbeResult[]> {
    return this.dataSource.transaction(async (tx) => {
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [PROBER_LOCK],
      );
      if (!locked) return [];
      const due = await this.duePoints(tx);
      const results = await Promise.all(due.map((point) => this.probeOnce(point)));
      for (const result of results) await recordProbe(tx, result);
      return results;
    });
  }

  private async duePoints(tx: EntityManager): Promise<VendorPointSla[]> {
    const now = this.clock.now().getTime();
    const due: VendorPointSla[] = [];
    for (const point of this.points) {
      if (!this.probes.has(point.vendor)) continue;
      const last = await lastProbeAt(tx, point.integrationPoint);
      if (!last || now - last.getTime() >= point.probeEveryMs) due.push(point);
    }
    return due;
  }

  private async probeOnce(point: VendorPointSla): Promise<ProbeResult> {
    const started = Date.now();
    const result = (outcome: 'ok' | 'failed', errorCode: string | null): ProbeResult => ({
      integrationPoint: point.integrationPoint,
      vendor: point.vendor,
      probedAt: this.clock.now(),
      latencyMs: Date.now() - started,
      outcome,
      errorCode,
    });
    try {
      await this.probes.get(point.vendor)!.probe();
      return result('ok', null);
    } catch (error) {
      return result('failed', (error as { code?: string }).code ?? 'UNCLASSIFIED');
    }
  }
}
