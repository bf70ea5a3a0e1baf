import { call, type DemoContext } from './demo-context';
import type { ReplayOutcome } from './demo-scenario';

interface TraceStep {
  at: string;
  kind: string;
  actor: string;
  eventType: string | null;
  integrationPoint: string;
  ownerTeamName: string;
  outcome: string;
  latencyMs: number | null;
  attempt: number | null;
  summary: Record<string, unknown>;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function latencies(ctx: DemoContext): Promise<number[]> {
  const rows = await ctx.db.query<{ ms: number }[]>(
    `SELECT (extract(epoch FROM completed_at - requested_at) * 1000)::int AS ms FROM activations
     WHERE activation_id = ANY($1) AND state = 'completed' ORDER BY 1`,
    [ctx.tracked.map((t) => t.activationId)],
  );
  return rows.map((r) => r.ms);
}

/** From the MNO accepting the order to the line being active, per activation, from the ledger. */
async function provisioningLatencies(ctx: DemoContext): Promise<number[]> {
  const rows = await ctx.db.query<{ ms: number }[]>(
    `SELECT ms FROM (
       SELECT (extract(epoch FROM
                 max(occurred_at) FILTER (WHERE kind = 'saga-step' AND outcome = 'completed')
               - min(occurred_at) FILTER (WHERE kind = 'vendor-call' AND summary->>'operation' = 'submitOrFind'
                                            AND outcome IN ('acknowledged', 'inProgress', 'completed'))
              ) * 1000)::int AS ms
       FROM audit_ledger WHERE correlation_id = ANY($1) GROUP BY correlation_id
     ) AS per_activation WHERE ms IS NOT NULL ORDER BY ms`,
    [ctx.tracked.map((t) => t.correlationId)],
  );
  return rows.map((r) => r.ms);
}

/** Counts lines the MNO provisioned more than once among ours (must be zero). */
async function doubleProvisioned(ctx: DemoContext): Promise<number> {
  const lines = await call<{ iccid: string }[]>(`${ctx.mnoUrl}/admin/provisioned`);
  const ours = new Set(ctx.tracked.map((t) => t.iccid));
  const seen = new Map<string, number>();
  for (const line of lines)
    if (ours.has(line.iccid)) seen.set(line.iccid, (seen.get(line.iccid) ?? 0) + 1);
  return [...seen.values()].filter((n) => n > 1).length;
}

/** What the demo promises; a run that breaks it exits non-zero (CI runs the demo twice). */
export interface DemoVerdict {
  activated: number;
  expected: number;
  provisionedTwice: number;
}

export function verdictProblems(v: DemoVerdict): string[] {
  return [
    ...(v.activated < v.expected
      ? [`only ${v.activated} of ${v.expected} valid activations active`]
      : []),
    ...(v.provisionedTwice > 0
      ? [`${v.provisionedTwice} line(s) provisioned twice at the MNO`]
      : []),
  ];
}

export async function printSummary(ctx: DemoContext, replay: ReplayOutcome): Promise<DemoVerdict> {
  const ids = ctx.tracked.map((t) => t.activationId);
  const states = await ctx.db.query<{ state: string; reason_code: string | null; n: number }[]>(
    `SELECT state, reason_code, count(*)::int AS n FROM activations WHERE activation_id = ANY($1)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [ids],
  );
  const activated = states.filter((s) => s.state === 'completed').reduce((n, s) => n + s.n, 0);
  const expected = ctx.tracked.filter((t) => t.expect === 'activated').length;
  const sorted = await latencies(ctx);
  const provisioning = await provisioningLatencies(ctx);
  const say = ctx.say;
  say('');
  say('Summary');
  say(
    `  requests .......................... ${ctx.tracked.length + ctx.refusedAtGateway.length} (${ctx.tracked.filter((t) => t.channel === 'dealer').length} dealer, ${ctx.tracked.filter((t) => t.channel === 'bss').length} BSS, ${ctx.refusedAtGateway.length} refused at the gateway)`,
  );
  say(`  activated ......................... ${activated} of ${expected} valid`);
  for (const r of ctx.refusedAtGateway)
    say(`  refused at the gateway ............ HTTP ${r.status}: ${r.reason}`);
  for (const s of states.filter((x) => x.state !== 'completed'))
    say(`  ${`${s.state} (${s.reason_code ?? '-'})`.padEnd(34, '.')} ${s.n}`);
  say(
    `  dead-lettered, then replayed ...... ${replay.replayed} (failed again: ${replay.failedAgain})`,
  );
  const provisionedTwice = await doubleProvisioned(ctx);
  say(`  provisioned twice at the MNO ...... ${provisionedTwice}`);
  say(
    `  MNO provisioning latency .......... p50 ${percentile(provisioning, 50)} ms, p95 ${percentile(provisioning, 95)} ms (order accepted to line active)`,
  );
  say(
    `  activation latency ................ p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms (request to active, outage included)`,
  );
  await printTrace(ctx);
  return { activated, expected, provisionedTwice };
}

async function printTrace(ctx: DemoContext): Promise<void> {
  const replayed = await ctx.db.query<{ event_id: string }[]>(
    `SELECT event_id FROM dead_letter_actions WHERE action = 'replay' AND acted_at >= $1 AND event_id IS NOT NULL LIMIT 1`,
    [ctx.startedAt],
  );
  const pick =
    ctx.tracked.find((t) => t.correlationId === replayed[0]?.event_id) ??
    ctx.tracked.find((t) => t.channel === 'dealer' && t.expect === 'activated')!;
  const trace = await call<{ steps: TraceStep[] }>(`${ctx.opsUrl}/v1/trace/${pick.correlationId}`, {
    key: ctx.operatorKey,
  });
  const start = Date.parse(trace.steps[0]?.at ?? new Date().toISOString());
  ctx.say('');
  ctx.say(
    `Trace of activation ${pick.activationId} (correlation ${pick.correlationId}), from GET /v1/trace:`,
  );
  for (const step of trace.steps) {
    const label = step.summary.operation ?? step.summary.step;
    const what = step.eventType ?? (typeof label === 'string' ? label : '');
    const timing = step.latencyMs !== null ? ` ${step.latencyMs} ms` : '';
    const attempt = step.attempt !== null ? ` attempt ${step.attempt}` : '';
    ctx.say(
      `  +${String(Date.parse(step.at) - start).padStart(6)} ms  ${step.kind.padEnd(15)} ${what.padEnd(44)} ${step.outcome.padEnd(12)} ${step.integrationPoint} (${step.ownerTeamName})${timing}${attempt}`,
    );
  }
}
