import { randomUUID } from 'node:crypto';
import {
  EventTypes,
  type PaymentCaptured,
  type PaymentDeclined,
  type PaymentRefunded,
  type PaymentRefundRequested,
  type PaymentRequested,
  type SubscriberSuspended,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { DemoContext, PaymentsOutcome } from './demo-context';
import { paymentEffects } from './demo-ledgers';
import { dollars } from './demo-money';
import { waitUntil } from './demo-watch';

/*
 * The BSS's own payments, for lines the demo activated: a top-up and an autopay renewal taxed and
 * captured, a partial refund with its tax reversed, and two renewals the issuer declines: one for
 * now (dunning retries it on days 1, 4 and 11, then asks for the suspension the orchestrator
 * applies) and one for good (never retried). The demo's payments service runs dunning on a scaled
 * clock (a day lasts half a second), which only tests and the demo may do.
 */

const SOFT_DECLINE = 'pm_card_chargeDeclinedInsufficientFunds';
const HARD_DECLINE = 'pm_card_chargeDeclinedStolenCard';
const DAY_MS = 24 * 60 * 60_000;

type Purpose = 'topUp' | 'autopayRenewal';

/** A payment request as the BSS publishes it: keyed by the subscriber, its own idempotency key. */
function bssPayment(
  subscriberId: string,
  purpose: Purpose,
  amountMinor: number,
  token = 'pm_card_visa',
): NewEvent<PaymentRequested> {
  const paymentId = `pay-${randomUUID()}`;
  return {
    id: randomUUID(),
    type: EventTypes.PaymentRequested,
    subject: subscriberId,
    data: {
      subjectId: subscriberId,
      paymentId,
      subscriberId,
      orderId: null,
      purpose,
      amount: { amountMinor, currency: 'USD' },
      paymentMethodToken: token,
      idempotencyKey: `bss-${paymentId}`,
      serviceAddress: {
        line1: '1 Market St',
        line2: null,
        city: 'San Francisco',
        county: null,
        stateOrProvince: 'CA',
        postalCode: '94105',
        countryCode: 'US',
      },
      requestedAt: Date.now(),
    },
  };
}

function bssRefund(
  payment: PaymentRequested,
  amountMinor: number,
): NewEvent<PaymentRefundRequested> {
  const refundRequestId = `rfr-${randomUUID()}`;
  return {
    id: randomUUID(),
    type: EventTypes.PaymentRefundRequested,
    subject: payment.subscriberId,
    data: {
      subjectId: payment.subscriberId,
      refundRequestId,
      paymentId: payment.paymentId,
      subscriberId: payment.subscriberId,
      amount: { amountMinor, currency: 'USD' },
      idempotencyKey: `bss-${refundRequestId}`,
      reason: { code: 'CARE.GOODWILL', message: 'Goodwill credit after a dropped-call complaint' },
      requestedAt: Date.now(),
    },
  };
}

/** Lines the demo activated and nothing has suspended: the BSS bills them. */
async function activeLines(ctx: DemoContext, count: number): Promise<string[]> {
  const rows = await ctx.db.query<{ subscriber_id: string }[]>(
    `SELECT DISTINCT a.subscriber_id FROM activations a
       JOIN subscribers s ON s.subscriber_id = a.subscriber_id
      WHERE a.activation_id = ANY($1) AND a.state = 'completed' AND s.state = 'active'
      LIMIT $2`,
    [ctx.tracked.map((t) => t.activationId), count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} active lines to bill`);
  return rows.map((r) => r.subscriber_id);
}

/** What the BSS heard of a payment (or a suspension request) of this type, once the first came. */
async function heard<T>(
  ctx: DemoContext,
  type: string,
  subject: string,
  enough: (told: T[]) => boolean = (told) => told.length > 0,
): Promise<T[]> {
  return waitUntil(
    () => {
      const told = ctx.inbox.told<T>(type, subject);
      return enough(told) ? told : undefined;
    },
    () => `the BSS never heard ${type} for ${subject}`,
  );
}

/** The line's TMF638 state as the saga keeps it (`active`, `suspended`, ...). */
async function lineState(ctx: DemoContext, subscriberId: string): Promise<string> {
  const [row] = await ctx.db.query<{ state: string }[]>(
    'SELECT state FROM subscribers WHERE subscriber_id = $1',
    [subscriberId],
  );
  return row?.state ?? 'unknown';
}

export async function paymentsScene(ctx: DemoContext): Promise<void> {
  ctx.say("9. The BSS's payments: a top-up and a renewal, a refund, and dunning to a suspension");
  const lines = await activeLines(ctx, 4);
  const [topUpLine, renewalLine, dunnedLine, stolenLine] = lines;
  const outcome: PaymentsOutcome = { lines, captured: [], refunded: null, dunning: null };
  ctx.payments = outcome;

  const topUp = bssPayment(topUpLine, 'topUp', 1_000);
  const renewal = bssPayment(renewalLine, 'autopayRenewal', 2_500);
  // The same top-up delivered twice: one charge.
  await ctx.bss.publishNow([topUp, renewal, topUp]);
  for (const payment of [topUp.data, renewal.data]) {
    const [captured] = await heard<PaymentCaptured>(
      ctx,
      EventTypes.PaymentCaptured,
      payment.paymentId,
    );
    outcome.captured.push({
      purpose: payment.purpose,
      chargedMinor: payment.amount.amountMinor,
      capturedMinor: captured.amount.amountMinor,
      taxMinor: captured.taxAmount.amountMinor,
      taxLines: captured.taxLines.length,
      captures: await capturesOf(ctx, payment),
    });
    ctx.say(
      `   ${payment.purpose} ${dollars(payment.amount.amountMinor)} -> PaymentCaptured ${dollars(captured.amount.amountMinor)} (tax ${dollars(captured.taxAmount.amountMinor)} in ${captured.taxLines.length} lines), document ${captured.taxDocumentCode}`,
    );
  }

  await refundPart(ctx, outcome, topUp.data);
  await dunToSuspension(ctx, outcome, dunnedLine);
  await stolenCardRenewal(ctx, stolenLine);
  checkPayments(outcome);
}

/** What the processor captured under this payment's keys: its own, never an activation's. */
async function capturesOf(ctx: DemoContext, payment: PaymentRequested): Promise<number> {
  const effects = await paymentEffects(ctx, payment.subscriberId);
  return effects.filter(
    (e) => e.kind === 'capture' && (e.idempotency_key ?? '').startsWith(payment.idempotencyKey),
  ).length;
}

async function refundPart(
  ctx: DemoContext,
  outcome: PaymentsOutcome,
  topUp: PaymentRequested,
): Promise<void> {
  const refund = bssRefund(topUp, 400);
  await ctx.bss.publishNow([refund]);
  const [refunded] = await heard<PaymentRefunded>(ctx, EventTypes.PaymentRefunded, topUp.paymentId);
  const tax = refunded.taxAmount?.amountMinor ?? 0;
  outcome.refunded = { askedMinor: 400, paidBackMinor: refunded.amount.amountMinor, taxMinor: tax };
  ctx.say(
    `   a ${dollars(400)} goodwill refund of the top-up -> PaymentRefunded ${dollars(refunded.amount.amountMinor)} (tax reversed ${dollars(tax)}, ${refunded.taxLines.length} lines)`,
  );
}

async function dunToSuspension(
  ctx: DemoContext,
  outcome: PaymentsOutcome,
  subscriberId: string,
): Promise<void> {
  const renewal = bssPayment(subscriberId, 'autopayRenewal', 2_500, SOFT_DECLINE);
  const { paymentId } = renewal.data;
  await ctx.bss.publishNow([renewal]);
  const [requested] = await heard<SubscriberSuspensionRequested>(
    ctx,
    EventTypes.SubscriberSuspensionRequested,
    paymentId,
  );
  // The last decline and the request are one commit, on two topics: the decline may come second.
  const declines = await heard<PaymentDeclined>(ctx, EventTypes.PaymentDeclined, paymentId, (d) =>
    d.some((x) => x.suspensionRequested),
  );
  const first = declines[0].declinedAt;
  const days = declines.map((d) => Math.round((d.declinedAt - first) / DAY_MS));
  const [suspended] = await heard<SubscriberSuspended>(
    ctx,
    EventTypes.SubscriberSuspended,
    requested.requestId,
  );
  const status = await lineState(ctx, subscriberId);
  outcome.dunning = {
    attempts: declines.length,
    suspensionReason: suspended.reasonCode,
    lineStatus: status,
  };
  ctx.say(
    `   a renewal on a card without funds: declined on days ${days.join(', ')} (${declines.map((d) => d.reason.code)[0]}), each retry under its own key; then SubscriberSuspensionRequested ${requested.reasonCode}`,
  );
  ctx.say(
    `   the orchestrator ordered it at the MNO (TMF641 modify, nonPayment): SubscriberSuspended once the MNO completed, line ${status}`,
  );
}

async function stolenCardRenewal(ctx: DemoContext, subscriberId: string): Promise<void> {
  const renewal = bssPayment(subscriberId, 'autopayRenewal', 2_500, HARD_DECLINE);
  await ctx.bss.publishNow([renewal]);
  const [declined] = await heard<PaymentDeclined>(
    ctx,
    EventTypes.PaymentDeclined,
    renewal.data.paymentId,
  );
  ctx.say(
    `   a renewal on a stolen card: ${declined.reason.code}, retryable ${declined.retryable}, suspension requested ${declined.suspensionRequested} at once (never retried)`,
  );
}

function checkPayments(outcome: PaymentsOutcome): void {
  const problems = [
    ...outcome.captured
      .filter((c) => c.captures !== 1)
      .map((c) => `${c.purpose} captured ${c.captures} times`),
    ...outcome.captured
      .filter((c) => c.capturedMinor !== c.chargedMinor + c.taxMinor)
      .map((c) => `${c.purpose} captured ${c.capturedMinor}, owed ${c.chargedMinor + c.taxMinor}`),
    ...(outcome.refunded && outcome.refunded.paidBackMinor !== 400 + outcome.refunded.taxMinor
      ? ['the refund paid back other than its amount plus its tax']
      : []),
    ...(outcome.dunning?.lineStatus === 'suspended' ? [] : ['the dunned line was not suspended']),
  ];
  if (problems.length > 0) throw new Error(`payments: ${problems.join('; ')}`);
}
