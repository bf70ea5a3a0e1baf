import { formatDuration } from '@handoff/config';
import type { Clock } from './clock';
import { escalationResolved, slaBreachCleared, slaBreached } from './alert-events';
import { levelsRaised } from './escalation.store';
import { findOpenIncident, openIncident, resolveIncident, type SlaMeasure } from './incident.store';
import {
  formatPercent,
  measurePoint,
  slowCallEvidence,
  type PointMeasurement,
} from './measure-window';
import type { VendorPointSla } from './sla-book';
import { withAlerts, type WatchDeps } from './watch-deps';

interface Verdict {
  operation: string;
  measure: SlaMeasure;
  breached: boolean;
  target: string;
  actual: string;
  evidence: () => Promise<string[]>;
}

/**
 * Each vendor point over its last availability window: availability below target, or an
 * operation's p95 above its SLA, opens an SLA breach incident (`SlaBreached`); a whole window back
 * within target clears it (`SlaBreachCleared`, and `EscalationResolved` if anyone was paged).
 */
export class SlaBreachWatch {
  constructor(
    private readonly deps: WatchDeps,
    private readonly points: readonly VendorPointSla[],
    private readonly clock: Clock,
  ) {}

  async run(): Promise<void> {
    for (const sla of this.points) {
      const to = this.clock.now();
      const from = new Date(to.getTime() - sla.windowMs);
      const m = await measurePoint(this.deps.dataSource, sla, from, to);
      for (const verdict of this.verdicts(sla, m)) await this.apply(sla, m, verdict);
    }
  }

  private verdicts(sla: VendorPointSla, m: PointMeasurement): Verdict[] {
    const db = this.deps.dataSource;
    const availability: Verdict[] =
      m.availabilityPercent === undefined
        ? []
        : [
            {
              operation: 'availability',
              measure: 'availability',
              breached: m.availabilityPercent < sla.availabilityPercent,
              target: formatPercent(sla.availabilityPercent),
              actual: formatPercent(m.availabilityPercent),
              evidence: () => Promise.resolve(m.evidence),
            },
          ];
    const latency = sla.calls.flatMap((call): Verdict[] => {
      const measured = m.latencies.find((l) => l.operation === call.operation);
      if (!measured) return [];
      return [
        {
          operation: call.operation,
          measure: 'latencyP95',
          breached: measured.p95Ms > call.latencyP95Ms,
          target: formatDuration(call.latencyP95Ms),
          actual: `${measured.p95Ms}ms`,
          evidence: () => slowCallEvidence(db, sla, m, call.operation, call.latencyP95Ms),
        },
      ];
    });
    return [...availability, ...latency];
  }

  private async apply(sla: VendorPointSla, m: PointMeasurement, v: Verdict): Promise<void> {
    const key = { kind: 'slaBreach' as const, integrationPoint: sla.integrationPoint, ...v };
    const open = await findOpenIncident(this.deps.dataSource.manager, key);
    if (v.breached === (open !== undefined)) return;
    const now = this.clock.now();
    const evidence = v.breached ? await v.evidence() : [];
    await withAlerts(this.deps, async (tx) => {
      if (v.breached) {
        const { incident, opened } = await openIncident(tx, { ...key, evidence, openedAt: now });
        if (!opened) return [];
        const owner = this.deps.matrix.owner(sla.integrationPoint);
        return [
          slaBreached(incident, owner, {
            samples: m.calls + m.probes,
            windowStart: m.from,
            windowEnd: m.to,
          }),
        ];
      }
      if (!(await resolveIncident(tx, open!.incidentId, now, v.actual))) return [];
      const levels = await levelsRaised(tx, open!.incidentId);
      return [
        slaBreachCleared(open!, v.actual, now),
        ...(levels > 0 ? [escalationResolved(open!, levels, now)] : []),
      ];
    });
  }
}
