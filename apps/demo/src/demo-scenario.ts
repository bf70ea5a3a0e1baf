import type { NewEvent } from '@handoff/messaging';
import type { ActivationRequested } from '@handoff/contracts';
import { call, mnoFaults, type DemoContext, type Tracked } from './demo-context';
import { bssActivation, bssSubscriberId, newIccid, type DealerClient } from './demo-traffic';
import { snapshot, watch } from './demo-watch';

const ORCHESTRATOR_GROUP = 'handoff.orchestrator';

async function dealerActivations(ctx: DemoContext, count: number): Promise<Tracked[]> {
  const made: Tracked[] = [];
  for (let i = 0; i < count; i += 1) {
    const dealer = ctx.dealers[i % ctx.dealers.length];
    const iccid = newIccid();
    const answer = await dealer.activate(dealer.body(iccid));
    if (answer.status !== 202) {
      throw new Error(
        `dealer activation answered ${answer.status}: ${JSON.stringify(answer.fields ?? answer)}`,
      );
    }
    made.push({
      activationId: answer.activationId!,
      correlationId: answer.correlationId!,
      iccid,
      channel: 'dealer',
      expect: 'activated',
    });
  }
  ctx.tracked.push(...made);
  return made;
}

async function bssActivations(
  ctx: DemoContext,
  events: NewEvent<ActivationRequested>[],
  expect: Tracked['expect'] = 'activated',
) {
  await ctx.bss.publishNow(events);
  ctx.tracked.push(
    ...events.map((e) => ({
      activationId: e.data.activationId,
      correlationId: e.id!,
      iccid: e.data.iccid,
      channel: 'bss' as const,
      expect,
    })),
  );
}

/** Three requests a dealer gets wrong: each is refused with a 400 that names the field; nothing is published. */
async function invalidDealerRequests(ctx: DemoContext, dealer: DealerClient): Promise<void> {
  const good = newIccid();
  const badCheckDigit = good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10);
  const cases: [string, Record<string, unknown>][] = [
    ['ICCID check digit', dealer.body(badCheckDigit)],
    ['service address missing', dealer.body(newIccid(), { serviceAddress: undefined })],
    ['MSISDN not E.164', dealer.body(newIccid(), { msisdn: '0415-555' })],
  ];
  for (const [reason, body] of cases) {
    const answer = await dealer.activate(body);
    ctx.refusedAtGateway.push({ reason, status: answer.status });
  }
}

/** The same dealer request sent twice with one Idempotency-Key is one activation. */
async function duplicateDealerRequest(ctx: DemoContext, dealer: DealerClient): Promise<void> {
  const body = dealer.body(newIccid());
  const first = await dealer.activate(
    body,
    'demo-retry-after-network-glitch-' + ctx.startedAt.getTime(),
  );
  const again = await dealer.activate(
    body,
    'demo-retry-after-network-glitch-' + ctx.startedAt.getTime(),
  );
  if (first.activationId !== again.activationId)
    throw new Error('idempotent dealer request made two activations');
  ctx.tracked.push({
    activationId: first.activationId!,
    correlationId: first.correlationId!,
    iccid: String(body.iccid),
    channel: 'dealer',
    expect: 'activated',
  });
  ctx.say(
    `   the same dealer request sent twice (one Idempotency-Key) -> one activation ${first.activationId}`,
  );
}

export async function healthyPhase(ctx: DemoContext): Promise<void> {
  ctx.say('1. MNO healthy: dealers activate over HTTP, the BSS over Kafka');
  await dealerActivations(ctx, 30);
  await invalidDealerRequests(ctx, ctx.dealers[0]);
  ctx.say(
    `   refused at the gateway (400, nothing published): ${ctx.refusedAtGateway.map((r) => r.reason).join(', ')}`,
  );
  await duplicateDealerRequest(ctx, ctx.dealers[1]);
  // Most BSS requests name their subscriber; every third leaves it to Handoff to assign.
  const fromBss = Array.from({ length: 15 }, (_, i) =>
    bssActivation(newIccid(), { subscriberId: i % 3 === 0 ? null : bssSubscriberId() }),
  );
  await bssActivations(ctx, fromBss);
  await bssActivations(ctx, [bssActivation(newIccid(), { planCode: 'NO-SUCH-PLAN' })], 'rejected');
  const twice = bssActivation(newIccid());
  const record = ctx.bss.stamper.stamp(twice);
  await ctx.bss.producer.send([record, record]);
  ctx.tracked.push({
    activationId: twice.data.activationId,
    correlationId: twice.id!,
    iccid: twice.data.iccid,
    channel: 'bss',
    expect: 'activated',
  });
  ctx.say('   one BSS event delivered twice (same event id), one BSS request for an unknown plan');
  await watch(ctx, 'provisioning', (s) => s.settled >= s.total, 90_000);
  await sayAssignedSubscriber(ctx, fromBss[0].data.activationId);

  const bound = ctx.tracked.find((t) => t.channel === 'dealer' && t.expect === 'activated')!;
  const dealer = ctx.dealers[0];
  const answer = await dealer.activate(dealer.body(bound.iccid));
  ctx.tracked.push({
    activationId: answer.activationId!,
    correlationId: answer.correlationId!,
    iccid: bound.iccid,
    channel: 'dealer',
    expect: 'rejected',
  });
  ctx.say('   a dealer tries an ICCID that is already bound to a subscriber');
  await watch(ctx, 'validating', (s) => s.settled >= s.total, 30_000);
}

/** The subscriber id Handoff assigned to a BSS request that named none, from the saga's row. */
async function sayAssignedSubscriber(ctx: DemoContext, activationId: string): Promise<void> {
  const [row] = await ctx.db.query<{ subscriber_id: string | null }[]>(
    'SELECT subscriber_id FROM activations WHERE activation_id = $1',
    [activationId],
  );
  ctx.say(
    `   a BSS request that named no subscriber was assigned ${row?.subscriber_id ?? '(none)'}, announced in its outcome event`,
  );
}

/** This run's dead letters only: earlier runs may have left their own. */
const sinceStart = (ctx: DemoContext) =>
  `${Math.ceil((Date.now() - ctx.startedAt.getTime()) / 1000) + 1}s`;

async function openDeadLetters(ctx: DemoContext): Promise<number> {
  const listing = await call<{ count: number }>(
    `${ctx.opsUrl}/v1/dead-letters?group=${ORCHESTRATOR_GROUP}&status=open&newerThan=${sinceStart(ctx)}`,
    { key: ctx.operatorKey },
  );
  return listing.count;
}

export async function outagePhase(ctx: DemoContext): Promise<void> {
  ctx.say('2. The MNO starts to fail: first it answers new orders with garbage');
  await mnoFaults(ctx, { endpoint: 'createOrder', malformedRate: 1 });
  await dealerActivations(ctx, 8);
  let deadLetters = 0;
  await watch(
    ctx,
    'MNO garbling',
    async () => (deadLetters = await openDeadLetters(ctx)) >= 8,
    30_000,
  );
  ctx.say(
    `   ${deadLetters} dead-lettered: a malformed answer is permanent (a person must look), owner Network Ops`,
  );

  ctx.say('   ...then it goes down: every MNO endpoint answers 503');
  await mnoFaults(ctx, null);
  await mnoFaults(ctx, { endpoint: '*', outage: true });
  await dealerActivations(ctx, 20);
  await bssActivations(
    ctx,
    Array.from({ length: 10 }, () => bssActivation(newIccid())),
  );
  const down = await watch(ctx, 'MNO down', (s) => (s.byState.held ?? 0) >= 25, 30_000);
  ctx.say(
    `   breaker open: ${down.byState.held ?? 0} activations held, their retries kept for when it is back`,
  );

  await mnoFaults(ctx, null);
  ctx.say('3. The MNO recovers: held activations resume; more requests keep coming');
  await dealerActivations(ctx, 15);
  await watch(
    ctx,
    'recovering',
    async () => (await pendingCount(ctx)) <= (await openDeadLetters(ctx)),
    120_000,
  );
}

async function pendingCount(ctx: DemoContext): Promise<number> {
  const s = await snapshot(ctx);
  return s.total - s.settled;
}

export interface ReplayOutcome {
  replayed: number;
  failedAgain: number;
}

export async function replayPhase(ctx: DemoContext): Promise<ReplayOutcome> {
  const open = await openDeadLetters(ctx);
  ctx.say(
    `4. Ops replays the ${open} dead letter(s) of the orchestrator (ops role, with a reason)`,
  );
  const report = await call<{ counts: Record<string, number>; failedAgain: number }>(
    `${ctx.opsUrl}/v1/dead-letters/replay`,
    {
      method: 'POST',
      key: ctx.operatorKey,
      body: JSON.stringify({
        filter: { group: ORCHESTRATOR_GROUP, status: 'open', newerThan: sinceStart(ctx) },
        reason: 'MNO recovered after the outage',
        ratePerSecond: 50,
      }),
    },
  );
  await watch(ctx, 'replayed', (s) => s.settled >= s.total, 120_000);
  return { replayed: report.counts.replayed ?? 0, failedAgain: report.failedAgain };
}
