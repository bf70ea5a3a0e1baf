import {
  bssActivations,
  dealerActivations,
  openDeadLetters,
  pendingCount,
  replayDeadLetters,
  trackBss,
  trackDealer,
} from './demo-actions';
import { careLookupScene } from './demo-care-scene';
import { mnoFaults, type DemoContext } from './demo-context';
import { declinedCards, sayDeclines } from './demo-money-scenes';
import { awaitMnoBreach } from './demo-mno-breach';
import { bssActivation, bssSubscriberId, newIccid, type DealerClient } from './demo-traffic';
import { watch } from './demo-watch';

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
  const body = dealer.body(dealer.newIccid());
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
  trackDealer(ctx, first, body, 'activated');
  ctx.say(
    `   the same dealer request sent twice (one Idempotency-Key) -> one activation ${first.activationId}`,
  );
}

export async function healthyPhase(ctx: DemoContext): Promise<void> {
  ctx.say(
    '1. All vendors healthy: dealers activate over HTTP, the BSS over Kafka; each line taxed where it is and paid by card',
  );
  await dealerActivations(ctx, 25);
  await invalidDealerRequests(ctx, ctx.dealers[0]);
  ctx.say(
    `   refused at the gateway (400, nothing published): ${ctx.refusedAtGateway.map((r) => r.reason).join(', ')}`,
  );
  await duplicateDealerRequest(ctx, ctx.dealers[1]);
  // Most BSS requests name their subscriber; every third leaves it to Handoff to assign. Every
  // fifth is priced at zero by the BSS: no tax document, no payment.
  const fromBss = Array.from({ length: 15 }, (_, i) =>
    bssActivation(newIccid(), {
      subscriberId: i % 3 === 0 ? null : bssSubscriberId(),
      charged: i % 5 !== 4,
    }),
  );
  await bssActivations(ctx, fromBss);
  await bssActivations(ctx, [bssActivation(newIccid(), { planCode: 'NO-SUCH-PLAN' })], 'rejected');
  const twice = bssActivation(newIccid());
  const record = ctx.bss.stamper.stamp(twice);
  await ctx.bss.producer.send([record, record]);
  trackBss(ctx, twice, 'activated');
  ctx.say('   one BSS event delivered twice (same event id), one BSS request for an unknown plan');
  const declined = await declinedCards(ctx);
  await watch(ctx, 'provisioning', (s) => s.settled >= s.total, 90_000);
  await sayDeclines(ctx, declined);
  await sayAssignedSubscriber(ctx, fromBss[0].data.activationId);

  const bound = ctx.tracked.find((t) => t.channel === 'dealer' && t.expect === 'activated')!;
  const dealer = ctx.dealers[0];
  const body = dealer.body(bound.iccid);
  trackDealer(ctx, await dealer.activate(body), body, 'rejected');
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
    `   ${deadLetters} dead-lettered: a malformed answer is permanent (a person must look), owner Network Ops; their cards stay authorized, not charged`,
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
  await awaitMnoBreach(ctx);
  await careLookupScene(ctx);

  await mnoFaults(ctx, null);
  ctx.say('3. The MNO recovers: held activations resume; more requests keep coming');
  await dealerActivations(ctx, 10);
  await watch(
    ctx,
    'recovering',
    async () => (await pendingCount(ctx)) <= (await openDeadLetters(ctx)),
    120_000,
  );
}

export async function replayPhase(ctx: DemoContext): Promise<void> {
  const open = await openDeadLetters(ctx);
  ctx.say(
    `4. Ops replays the ${open} dead letter(s) of the orchestrator (ops role, with a reason)`,
  );
  await replayDeadLetters(ctx, 'MNO recovered after the outage');
  await watch(ctx, 'replayed', (s) => s.settled >= s.total, 120_000);
}
