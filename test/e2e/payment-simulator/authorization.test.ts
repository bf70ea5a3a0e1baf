import { waitFor } from '../../support/test-infra';
import {
  authorization,
  ledgerLines,
  newKey,
  type PaymentTestClient,
  startTestSimulator,
  useTestSimulator,
} from './payment-simulator.harness';

describe('payment simulator: authorization, declines, expiry', () => {
  let processor: PaymentTestClient;
  useTestSimulator((started) => (processor = started));

  it('authorizes a hold for the amount in minor units, capturable for 7 days by default', async () => {
    const before = Math.floor(Date.now() / 1000);

    const answer = await processor.authorize(
      authorization({ amount: 2599, currency: 'eur' }),
      newKey(),
    );

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      object: 'payment_intent',
      status: 'requires_capture',
      amount: 2599,
      amount_capturable: 2599,
      amount_received: 0,
      currency: 'eur',
      capture_method: 'manual',
    });
    expect(answer.json.id).toMatch(/^pi_/);
    const week = 7 * 24 * 60 * 60;
    expect(answer.json.capture_before).toBeGreaterThanOrEqual(before + week - 1);
    expect(answer.json.capture_before).toBeLessThanOrEqual(before + week + 2);
  });

  it.each([
    ['stolen card', 'pm_card_chargeDeclinedStolenCard', 'stolen_card', 'do_not_try_again'],
    ['lost card', 'pm_card_chargeDeclinedLostCard', 'lost_card', 'do_not_try_again'],
    ['closed account', 'pm_card_chargeDeclinedAccountClosed', 'account_closed', 'do_not_try_again'],
    [
      'insufficient funds',
      'pm_card_chargeDeclinedInsufficientFunds',
      'insufficient_funds',
      'try_again_later',
    ],
    [
      'try again later',
      'pm_card_chargeDeclinedTryAgainLater',
      'try_again_later',
      'try_again_later',
    ],
  ])(
    'declines a %s token with 402, its decline and advice codes, and holds nothing',
    async (_, token, declineCode, adviceCode) => {
      const answer = await processor.authorize(authorization({ payment_method: token }), newKey());

      expect(answer.status).toBe(402);
      expect(answer.error).toMatchObject({
        type: 'card_error',
        code: 'card_declined',
        decline_code: declineCode,
        advice_code: adviceCode,
      });
      expect(answer.error.payment_intent).toMatchObject({
        status: 'requires_payment_method',
        amount_capturable: 0,
        last_payment_error: { decline_code: declineCode },
      });
      expect(await processor.effects()).toEqual([]);
    },
  );

  it.each([
    ['a fractional amount', { amount: 25.99 }, /amount: must be an integer/],
    ['a negative amount', { amount: -100 }, /amount: must be at least 1/],
    ['an amount as a string', { amount: '2599' }, /amount: must be an integer number/],
    ['an uppercase currency', { currency: 'USD' }, /currency: must be a lowercase ISO 4217/],
    ['a card number for a token', { payment_method: '4242424242424242' }, /payment_method/],
    ['automatic capture', { capture_method: 'automatic' }, /capture_method/],
  ])('refuses %s with 400 naming the field', async (_, overrides, message) => {
    const answer = await processor.authorize(authorization(overrides), newKey());

    expect(answer.status).toBe(400);
    expect(answer.error.type).toBe('invalid_request_error');
    expect(answer.error.message).toMatch(message);
    expect(await processor.effects()).toEqual([]);
  });

  it('declines a card an admin made decline from now on, keeping its earlier hold, until restored', async () => {
    const card = 'pm_card_mastercard';
    const earlier = await processor.authorized({ payment_method: card, amount: 900 });

    const made = await processor.call('PUT', `/admin/issuer/${card}`, {
      body: { declineCode: 'insufficient_funds' },
    });
    const declined = await processor.authorize(authorization({ payment_method: card }), newKey());
    await processor.call('DELETE', `/admin/issuer/${card}`);
    const restored = await processor.authorize(authorization({ payment_method: card }), newKey());

    expect(made.status).toBe(200);
    expect(declined.status).toBe(402);
    expect(declined.error).toMatchObject({
      decline_code: 'insufficient_funds',
      advice_code: 'try_again_later',
    });
    expect((await processor.intent(earlier.id)).status).toBe('requires_capture');
    expect(restored.status).toBe(200);
  });

  it('refuses to make a card decline with a code the issuer does not give', async () => {
    const answer = await processor.call('PUT', '/admin/issuer/pm_card_visa', {
      body: { declineCode: 'bad_luck' },
    });

    expect(answer.status).toBe(400);
    expect(answer.text).toContain('declineCode: must be one of stolen_card');
  });

  it('lets an authorization lapse after the configured time: the hold is released, capture refused', async () => {
    await processor.setAuthorizationTtl(300);
    const intent = await processor.authorized({ amount: 1200 });

    const expired = await waitFor('the authorization to expire', async () => {
      const current = await processor.intent(intent.id);
      return current.status === 'canceled' && current;
    });
    const capture = await processor.capture(intent.id);

    expect(expired).toMatchObject({ cancellation_reason: 'expired', amount_capturable: 0 });
    expect(capture.status).toBe(400);
    expect(capture.error.code).toBe('payment_intent_unexpected_state');
    expect(ledgerLines(await processor.effects(intent.id))).toEqual([
      'authorization:1200',
      'expiry:1200',
    ]);
  });

  it('keeps what was captured when the rest of a hold lapses', async () => {
    await processor.setAuthorizationTtl(300);
    const intent = await processor.authorized({ amount: 1200 });
    await processor.capture(intent.id, { amount_to_capture: 200, final_capture: false });

    const settled = await waitFor('the rest to lapse', async () => {
      const current = await processor.intent(intent.id);
      return current.status === 'succeeded' && current;
    });

    expect(settled).toMatchObject({ amount_received: 200, amount_capturable: 0 });
    expect(ledgerLines(await processor.effects(intent.id))).toEqual([
      'authorization:1200',
      'capture:200',
      'expiry:1000',
    ]);
  });
});

describe('payment simulator: authorization lifetime at start-up', () => {
  it('takes the lifetime it was started with', async () => {
    const { simulator, processor } = await startTestSimulator(60_000);
    try {
      const before = Math.floor(Date.now() / 1000);
      const intent = await processor.authorized();
      expect(intent.capture_before).toBeGreaterThanOrEqual(before + 59);
      expect(intent.capture_before).toBeLessThanOrEqual(before + 61);
    } finally {
      await simulator.close();
    }
  });
});
