import {
  EventTypes,
  type ActivationCaptureFailed,
  type ActivationRejected,
} from '@handoff/contracts';
import {
  bssActivations,
  dealerActivations,
  openDeadLetters,
  pendingCount,
  replayDeadLetters,
} from './demo-actions';
import { paymentFaults, type DemoContext, type Tracked } from './demo-context';
import { paymentEffects, taxDocument } from './demo-ledgers';
import { dollars } from './demo-money';
import { bssActivation, CARD_WITHOUT_FUNDS, newIccid, STOLEN_CARD } from './demo-traffic';
import { watch } from './demo-watch';

/*
 * The scenes where money goes wrong. Each is one function the main sequence calls in turn, after
 * the activations before it have settled, so the vendor faults it stages touch only its own.
 */

/** Two cards the issuer declines: sent with the healthy traffic, told apart once it settled. */
export async function declinedCards(ctx: DemoContext): Promise<Tracked[]> {
  const [stolen] = await dealerActivations(ctx, 1, { paymentMethodToken: STOLEN_CARD }, 'rejected');
  const [broke] = await bssActivations(
    ctx,
    [bssActivation(newIccid(), { paymentMethodToken: CARD_WITHOUT_FUNDS })],
    'rejected',
  );
  ctx.say('   two cards the issuer declines: a stolen one (dealer), one without funds (BSS)');
  return [stolen, broke];
}

/** What became of the declined cards: rejected with the decline's category, quote voided. */
export async function sayDeclines(ctx: DemoContext, declined: readonly Tracked[]): Promise<void> {
  for (const t of declined) {
    const [told] = await waitForTold<ActivationRejected>(ctx, EventTypes.ActivationRejected, t);
    const quote = await taxDocument(ctx, `ACT-${t.activationId}`);
    const effects = await paymentEffects(ctx);
    const captured = effects.some((e) => e.kind === 'capture' && e.customer === told?.subscriberId);
    const outcome = told
      ? `ActivationRejected ${told.reason.code}, ${told.declineCategory} decline ("${told.reason.message}")`
      : 'no ActivationRejected came';
    ctx.say(
      `   declined card -> ${outcome}; tax quote ${quote.status}, ${captured ? 'CAPTURED' : 'nothing captured'}`,
    );
  }
}

/** The processor down: its breaker opens and activations wait at the authorization, then resume. */
export async function processorOutageScene(ctx: DemoContext): Promise<void> {
  ctx.say('5. The payment processor goes down: every endpoint answers 503');
  await paymentFaults(ctx, { endpoint: '*', outage: true });
  const made = [
    ...(await dealerActivations(ctx, 5)),
    ...(await bssActivations(
      ctx,
      Array.from({ length: 5 }, () => bssActivation(newIccid())),
    )),
  ];
  let held = 0;
  await watch(
    ctx,
    'processor down',
    async () => (held = await heldAtProcessor(ctx, made)) >= made.length - 1,
    30_000,
  );
  ctx.say(
    `   processor breaker open: ${held} of ${made.length} activations held at the payment authorization (taxed, no card touched), their retries kept`,
  );
  await paymentFaults(ctx, null);
  ctx.say('   the processor is back: held activations are authorized, provisioned and captured');
  await watch(
    ctx,
    'processor back',
    async () => (await pendingCount(ctx)) <= (await openDeadLetters(ctx, 'payments')),
    60_000,
  );
}

/** How many of these activations the processor's breaker held (a `held` payment call in the ledger). */
async function heldAtProcessor(ctx: DemoContext, made: readonly Tracked[]): Promise<number> {
  const [row] = await ctx.db.query<{ n: number }[]>(
    `SELECT count(DISTINCT correlation_id)::int AS n FROM audit_ledger
     WHERE correlation_id = ANY($1) AND kind = 'vendor-call' AND outcome = 'held'
       AND integration_point = 'handoff-to-payment-processor'`,
    [made.map((t) => t.correlationId)],
  );
  return row.n;
}

/**
 * Captures fail after the line is provisioned: never silent. The line is flagged unpaid, the BSS
 * told, the dead letter owned by payments; once the processor captures again, the payments on-call
 * replays it and the activation is captured once and completed.
 */
export async function captureFailureScene(ctx: DemoContext): Promise<void> {
  ctx.say('6. The processor accepts authorizations but fails every capture (503)');
  const lettersBefore = await openDeadLetters(ctx, 'payments');
  await paymentFaults(ctx, { endpoint: 'captureIntent', errorRate: 1 });
  const [line] = await dealerActivations(ctx, 1);
  ctx.spotlight = line;
  await watch(
    ctx,
    'capture failing',
    async () =>
      ctx.inbox.told(EventTypes.ActivationCaptureFailed, line.activationId).length > 0 &&
      (await openDeadLetters(ctx, 'payments')) > lettersBefore,
    30_000,
  );
  const [told] = ctx.inbox.told<ActivationCaptureFailed>(
    EventTypes.ActivationCaptureFailed,
    line.activationId,
  );
  const [row] = await ctx.db.query<{ payment_status: string | null; state: string }[]>(
    'SELECT payment_status, state FROM activations WHERE activation_id = $1',
    [line.activationId],
  );
  ctx.say(
    told
      ? `   the line is provisioned, its capture kept failing (${told.reason.code}): activation ${row?.state}, payment ${row?.payment_status}; ActivationCaptureFailed tells the BSS ${dollars(told.amount.amountMinor)} is owed; dead letter owned by ${told.ownerTeam}`
      : `   no ActivationCaptureFailed came (activation ${row?.state}, payment ${row?.payment_status})`,
  );
  await paymentFaults(ctx, null);
  const replay = await replayDeadLetters(ctx, 'processor captures again', 'payments');
  await watch(ctx, 'replayed to payments', (s) => s.settled >= s.total, 60_000);
  const captures = told
    ? (await paymentEffects(ctx, told.subscriberId ?? undefined)).filter(
        (e) => e.kind === 'capture',
      )
    : [];
  ctx.say(
    `   the payments on-call replayed ${replay.replayed} dead letter(s): ${captures.length} capture of ${captures.map((c) => dollars(c.amount)).join(', ')} for this line, then SubscriberActivated`,
  );
}

/** The BSS's outcome events of one activation, once they arrived (empty after 10 s). */
async function waitForTold<T extends { activationId: string }>(
  ctx: DemoContext,
  type: string,
  t: Tracked,
): Promise<T[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const told = ctx.inbox.told<T>(type, t.activationId);
    if (told.length > 0 || Date.now() > deadline) return told;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
