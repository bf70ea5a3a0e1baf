import {
  EventTypes,
  type ActivationCaptureFailed,
  type SubscriberActivated,
} from '@handoff/contracts';
import {
  call,
  type CardDataRefusal,
  type DemoContext,
  type LifecycleOutcome,
  type PaymentsOutcome,
  type PortsOutcome,
} from './demo-context';
import { readLedgers } from './demo-ledgers';
import { simInventorySummary } from './demo-sim-inventory-scene';
import { checkMoney, dollars, type ActivationMoneyView, type MoneyCheck } from './demo-money';

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
  /** Activations the processor captured from more than once. */
  chargedTwice: number;
  /** Tax documents the engine committed more than once. */
  taxCommittedTwice: number;
  /** Activations whose charges, tax, captures and announced ids do not agree to the cent. */
  unreconciled: number;
  /** What a scene's own check at the summary found broken (the SIM inventory's). */
  sceneProblems: string[];
}

export function verdictProblems(v: DemoVerdict): string[] {
  const problem = (broken: boolean, text: string) => (broken ? [text] : []);
  return [
    ...problem(
      v.activated < v.expected,
      `only ${v.activated} of ${v.expected} valid activations active`,
    ),
    ...problem(
      v.provisionedTwice > 0,
      `${v.provisionedTwice} line(s) provisioned twice at the MNO`,
    ),
    ...problem(v.chargedTwice > 0, `${v.chargedTwice} activation(s) charged twice`),
    ...problem(v.taxCommittedTwice > 0, `${v.taxCommittedTwice} tax document(s) committed twice`),
    ...problem(
      v.unreconciled > 0,
      `${v.unreconciled} activation(s) whose amounts do not reconcile`,
    ),
    ...v.sceneProblems,
  ];
}

interface MoneyRow {
  activation_id: string;
  state: string;
  subscriber_id: string | null;
  amount_minor: string | null;
  tax_document_code: string | null;
}

/** Each tracked activation's money as its row, its request and the BSS's inbox show it. */
async function moneyViews(ctx: DemoContext): Promise<ActivationMoneyView[]> {
  const rows = await ctx.db.query<MoneyRow[]>(
    `SELECT activation_id, state, subscriber_id, amount_minor, tax_document_code
     FROM activations WHERE activation_id = ANY($1)`,
    [ctx.tracked.map((t) => t.activationId)],
  );
  const charged = new Map(ctx.tracked.map((t) => [t.activationId, t.chargesMinor]));
  return rows.map((r) => ({
    activationId: r.activation_id,
    state: r.state,
    subscriberId: r.subscriber_id,
    chargesMinor: charged.get(r.activation_id) ?? 0,
    amountMinor: r.amount_minor === null ? null : Number(r.amount_minor),
    taxDocumentCode: r.tax_document_code,
    announced: ctx.inbox.told<SubscriberActivated>(EventTypes.SubscriberActivated, r.activation_id),
    owedMinor: ctx.inbox
      .told<ActivationCaptureFailed>(EventTypes.ActivationCaptureFailed, r.activation_id)
      .map((e) => e.amount.amountMinor),
  }));
}

/** Waits (10 s at most) until the BSS has heard the outcome of every settled activation. */
async function waitForInbox(ctx: DemoContext): Promise<void> {
  const deadline = Date.now() + 10_000;
  const outcomes = [EventTypes.SubscriberActivated, EventTypes.ActivationRejected];
  while (Date.now() < deadline) {
    const [row] = await ctx.db.query<{ ids: string[] }[]>(
      `SELECT coalesce(array_agg(activation_id), '{}') AS ids FROM activations
       WHERE activation_id = ANY($1) AND state IN ('completed', 'rejected')`,
      [ctx.tracked.map((t) => t.activationId)],
    );
    const unheard = row.ids.filter((id) =>
      outcomes.every((type) => ctx.inbox.told(type, id).length === 0),
    );
    if (unheard.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function moneyCheck(ctx: DemoContext): Promise<MoneyCheck> {
  await waitForInbox(ctx);
  const views = await moneyViews(ctx);
  const codes = views.flatMap((v) => (v.taxDocumentCode ? [v.taxDocumentCode] : []));
  return checkMoney(views, await readLedgers(ctx, codes));
}

function printMoney(ctx: DemoContext, m: MoneyCheck): void {
  const say = ctx.say;
  const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');
  say(
    `  money ............................. ${m.charged} activations charged: ${dollars(m.chargesMinor)} + tax ${dollars(m.taxMinor)} = captured ${dollars(m.capturedMinor)}; tax filed ${dollars(m.filedTaxMinor)}`,
  );
  say(
    `  charged once per activation ....... ${verdict(m.chargedTwice.length === 0)}: ${m.captures} captures in the processor's effects ledger, ${m.chargedTwice.length} activation(s) charged twice`,
  );
  say(
    `  tax documents committed once ...... ${verdict(m.committedTwice.length === 0)}: ${m.commits} commits in the tax engine's ledger, ${m.committedTwice.length} document(s) committed twice`,
  );
  say(
    `  amounts reconciled to the cent .... ${verdict(m.unreconciled.length === 0)}: charges + document tax = authorized = captured = owed as told the BSS, ids as announced (${m.unreconciled.length} off)`,
  );
  for (const line of m.unreconciled.slice(0, 10)) say(`      ${line}`);
}

export async function printSummary(ctx: DemoContext): Promise<DemoVerdict> {
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
  const replays = ctx.replays.map((r) => `${r.replayed} (${r.ownerTeam} owner)`).join(', ');
  const failedAgain = ctx.replays.reduce((n, r) => n + r.failedAgain, 0);
  say(`  dead-lettered, then replayed ...... ${replays} (failed again: ${failedAgain})`);
  for (const r of ctx.redrives)
    say(`  held, then re-driven by ops ....... ${r.redriven} of ${r.held} held (${r.reasonCode})`);
  if (ctx.cardData) sayCardData(ctx, ctx.cardData);
  if (ctx.payments) sayPayments(ctx, ctx.payments);
  if (ctx.lifecycle) sayLifecycle(ctx, ctx.lifecycle);
  if (ctx.ports) sayPorts(ctx, ctx.ports);
  const sceneProblems = await simInventorySummary(ctx);
  const provisionedTwice = await doubleProvisioned(ctx);
  say(`  provisioned twice at the MNO ...... ${provisionedTwice}`);
  const money = await moneyCheck(ctx);
  printMoney(ctx, money);
  say(
    `  MNO provisioning latency .......... p50 ${percentile(provisioning, 50)} ms, p95 ${percentile(provisioning, 95)} ms (order accepted to line active)`,
  );
  say(
    `  activation latency ................ p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms (request to active, outage included)`,
  );
  await printTrace(ctx);
  return {
    activated,
    expected,
    provisionedTwice,
    chargedTwice: money.chargedTwice.length,
    taxCommittedTwice: money.committedTwice.length,
    unreconciled: money.unreconciled.length,
    sceneProblems,
  };
}

async function printTrace(ctx: DemoContext): Promise<void> {
  const replayed = await ctx.db.query<{ event_id: string }[]>(
    `SELECT event_id FROM dead_letter_actions WHERE action = 'replay' AND acted_at >= $1 AND event_id IS NOT NULL LIMIT 1`,
    [ctx.startedAt],
  );
  const pick =
    ctx.spotlight ??
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

/** Where the card number was refused, and that it reached no table. */
function sayPayments(ctx: DemoContext, p: PaymentsOutcome): void {
  const charged = p.captured
    .map(
      (c) =>
        `${c.purpose} ${dollars(c.capturedMinor)} (tax ${dollars(c.taxMinor)}) captured ${c.captures}x`,
    )
    .join(', ');
  ctx.say(`  BSS payments ...................... ${charged}`);
  if (p.refunded)
    ctx.say(
      `  refund ............................ ${dollars(p.refunded.paidBackMinor)} paid back (${dollars(p.refunded.askedMinor)} + tax ${dollars(p.refunded.taxMinor)} reversed)`,
    );
  if (p.dunning)
    ctx.say(
      `  dunning ........................... ${p.dunning.attempts} attempts declined, then suspension (${p.dunning.suspensionReason}): line ${p.dunning.lineStatus}`,
    );
}

function sayPorts(ctx: DemoContext, p: PortsOutcome): void {
  ctx.say(
    `  numbers ported ..................... in: ${p.completed ?? '-'}; refused by the donor: ${p.rejected ?? '-'}; out: line ${p.portedOut ?? '-'}`,
  );
}

function sayLifecycle(ctx: DemoContext, l: LifecycleOutcome): void {
  ctx.say(
    `  line lifecycle at the MNO ......... ${l.answered} requests answered in order per subscriber; ${l.appliedAtMno} applied at the MNO in that order, ${l.refused.length} refused (${l.refused.join(', ')}) with nothing ordered; another dealer's plan change ${l.otherDealerStatus}`,
  );
}

function sayCardData(ctx: DemoContext, c: CardDataRefusal): void {
  const letters = c.deadLetters.map((l) => `${l.code} in ${l.group} (owner ${l.owner})`).join(', ');
  ctx.say(
    `  card number refused ............... gateway 400 (${c.gatewayFields.join(', ')}); Kafka ${letters}, redacted, discarded; stored in ${c.storedIn.length === 0 ? 'no table' : c.storedIn.join(', ')}`,
  );
}
