import { systemClock, type Clock } from './clock';
import { EscalationWalk } from './escalation.walk';
import { JeopardyWatch } from './jeopardy.watch';
import { assertWorkTracked, vendorPointSlas, workSlas } from './sla-book';
import { SlaBreachWatch } from './sla-breach.watch';
import { UncoveredFailureWatch, type FailureSource } from './uncovered-failure.watch';
import { VendorProber, type VendorProbe } from './vendor-prober';
import type { WatchDeps } from './watch-deps';

export interface WatcherOptions extends WatchDeps {
  /** Each vendor's cheap read, by vendor id (`mno`, `tax-engine`); a vendor without one is not probed. */
  probes: ReadonlyMap<string, VendorProbe>;
  /** Probe each vendor at least this often, when more often than its `probeEvery` (decision 85). */
  probeAtMostEveryMs?: number;
  /** The failures waiting now (the open dead letters); without it no failure escalates at once. */
  failures?: FailureSource;
  clock?: Clock;
}

/**
 * One round: probe the vendors that are due, judge each vendor point's last window, raise and
 * clear jeopardies, open incidents for failures no SLA covers, walk escalation chains. Safe to run on any number of instances at once: every
 * write is keyed in PostgreSQL, so a second instance's round repeats nothing (decision 78).
 */
export class OperationalTruthWatcher {
  private readonly prober: VendorProber;
  private readonly breaches: SlaBreachWatch;
  private readonly jeopardies: JeopardyWatch;
  private readonly uncovered: UncoveredFailureWatch | undefined;
  private readonly escalations: EscalationWalk;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: WatcherOptions) {
    assertWorkTracked(options.matrix);
    const clock = options.clock ?? systemClock;
    const points = vendorPointSlas(options.matrix);
    const cap = options.probeAtMostEveryMs;
    const probed = points.map((p) =>
      cap === undefined ? p : { ...p, probeEveryMs: Math.min(p.probeEveryMs, cap) },
    );
    this.prober = new VendorProber(options.dataSource, probed, options.probes, clock);
    this.breaches = new SlaBreachWatch(options, points, clock);
    this.jeopardies = new JeopardyWatch(options, workSlas(options.matrix), clock);
    this.uncovered = options.failures
      ? new UncoveredFailureWatch(options, options.failures, clock)
      : undefined;
    this.escalations = new EscalationWalk(options, clock);
  }

  /** One round; a failing part is logged and the others still run. */
  async tick(): Promise<void> {
    await this.part('probes', () => this.prober.probeDue());
    await this.part('SLA breaches', () => this.breaches.run());
    await this.part('jeopardies', () => this.jeopardies.run());
    const uncovered = this.uncovered;
    if (uncovered) await this.part('uncovered failures', () => uncovered.run());
    await this.part('escalations', () => this.escalations.run());
  }

  /** Rounds every `intervalMs`, never two at once in this instance. */
  start(intervalMs: number): void {
    this.stopped = false;
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.running = this.tick().finally(schedule);
      }, intervalMs);
      this.timer.unref();
    };
    schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async part(name: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.options.log.error(
        { err: error, part: name },
        `operational truth: the ${name} round failed; the next round tries again`,
      );
    }
  }
}
