import { MNO_INTEGRATION_POINT } from '@handoff/mno-provisioning';
import { call, type DemoContext } from './demo-context';
import { screenshotMapDuringOutage } from './demo-map-screenshot';

/** A breach as GET /v1/sla answers it (dates as JSON strings). */
interface ScorecardBreach {
  operation: string;
  actual: string | null;
  target: string | null;
  start: string;
  end: string | null;
  escalations: { level: number; who: string; raisedAt: string }[];
}

interface ScorecardJson {
  points: { integrationPoint: string; breaches: ScorecardBreach[] }[];
}

/**
 * The MNO's SLA breach of this run in the vendor scorecard of the month (the ops API's, the same
 * as `ops sla` prints): one that was open at some time since the demo started, with at least one
 * escalation. A breach an earlier run left open counts: no clean window has passed since.
 */
export async function mnoBreachOfRun(ctx: DemoContext): Promise<ScorecardBreach | undefined> {
  const month = new Date().toISOString().slice(0, 7);
  const card = await call<ScorecardJson>(`${ctx.opsUrl}/v1/sla?period=${month}`, {
    key: ctx.operatorKey,
  });
  const mno = card.points.find((p) => p.integrationPoint === MNO_INTEGRATION_POINT);
  return mno?.breaches.find(
    (b) =>
      (b.end === null || Date.parse(b.end) >= ctx.startedAt.getTime()) && b.escalations.length > 0,
  );
}

/**
 * While the MNO is down: the ops API's watcher (every 2 s in the demo, probing as often) sees the
 * failed calls and probes, opens the availability breach and pages the chain's first level at once
 * (`after: 0m`). Waits for that, with a deadline, and says it.
 */
export async function awaitMnoBreach(ctx: DemoContext, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const breach = await mnoBreachOfRun(ctx);
    if (breach) {
      const first = breach.escalations[0];
      ctx.say(
        `   SLA breach opened: MNO ${breach.operation} ${breach.actual ?? '?'} vs SLA ${breach.target ?? '?'}, ` +
          `escalated (L${first.level}) to ${first.who}`,
      );
      if (ctx.mapScreenshotPath) await screenshotMapDuringOutage(ctx, ctx.mapScreenshotPath);
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no MNO SLA breach with an escalation in the scorecard ${timeoutMs / 1000} s into the outage`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** What the demo's verdict adds: the scorecard at the end must still show the outage's breach. */
export async function scorecardProblems(ctx: DemoContext): Promise<string[]> {
  const breach = await mnoBreachOfRun(ctx).catch(() => undefined);
  return breach
    ? []
    : ["the vendor scorecard does not show the MNO outage's SLA breach with its escalations"];
}
