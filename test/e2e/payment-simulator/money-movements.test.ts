import { ledgerLines, type PaymentTestClient, useTestSimulator } from './payment-simulator.harness';

describe('payment simulator: capture, void, refund', () => {
  let processor: PaymentTestClient;
  useTestSimulator((started) => (processor = started));

  it('captures part with final_capture false, then the rest, and the intent succeeds', async () => {
    const intent = await processor.authorized({ amount: 5000 });

    const part = await processor.capture(intent.id, {
      amount_to_capture: 1500,
      final_capture: false,
    });
    expect(part.json).toMatchObject({
      status: 'requires_capture',
      amount_received: 1500,
      amount_capturable: 3500,
    });
    const rest = await processor.capture(intent.id);

    expect(rest.json).toMatchObject({
      status: 'succeeded',
      amount_received: 5000,
      amount_capturable: 0,
    });
    expect(ledgerLines(await processor.effects(intent.id))).toEqual([
      'authorization:5000',
      'capture:1500',
      'capture:3500',
    ]);
  });

  it('releases the rest of the hold on a partial capture that is final (the default)', async () => {
    const intent = await processor.authorized({ amount: 5000 });

    const captured = await processor.capture(intent.id, { amount_to_capture: 4000 });

    expect(captured.json).toMatchObject({ status: 'succeeded', amount_received: 4000 });
    expect(ledgerLines(await processor.effects(intent.id))).toEqual([
      'authorization:5000',
      'capture:4000',
      'release:1000',
    ]);
    const again = await processor.capture(intent.id, { amount_to_capture: 1000 });
    expect(again.status).toBe(400);
    expect(again.error.code).toBe('payment_intent_unexpected_state');
  });

  it('refuses to capture more than is capturable', async () => {
    const intent = await processor.authorized({ amount: 5000 });

    const answer = await processor.capture(intent.id, { amount_to_capture: 5001 });

    expect(answer.status).toBe(400);
    expect(answer.error).toMatchObject({ code: 'amount_too_large', param: 'amount_to_capture' });
    expect((await processor.intent(intent.id)).amount_capturable).toBe(5000);
  });

  it('voids an uncaptured authorization, releasing the hold; a capture after it is refused', async () => {
    const intent = await processor.authorized({ amount: 3000 });

    const voided = await processor.cancel(intent.id);
    const capture = await processor.capture(intent.id);

    expect(voided.json).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'requested_by_customer',
      amount_capturable: 0,
    });
    expect(capture.status).toBe(400);
    expect(capture.error.code).toBe('payment_intent_unexpected_state');
    expect(ledgerLines(await processor.effects(intent.id))).toEqual([
      'authorization:3000',
      'void:3000',
    ]);
  });

  it.each([
    ['a full capture', {}],
    ['a partial capture', { amount_to_capture: 100, final_capture: false }],
  ])('refuses to void after %s: captured money is refunded, not voided', async (_, capture) => {
    const intent = await processor.authorized({ amount: 3000 });
    await processor.capture(intent.id, capture);

    const voided = await processor.cancel(intent.id);

    expect(voided.status).toBe(400);
    expect(voided.error.code).toBe('payment_intent_unexpected_state');
    expect(voided.error.message).toMatch(/refund/);
    expect((await processor.effects(intent.id)).map((e) => e.kind)).not.toContain('void');
  });

  it('refunds part, then the rest, then refuses to refund anything more', async () => {
    const intent = await processor.authorized({ amount: 4000 });
    await processor.capture(intent.id);

    const part = await processor.refund({ payment_intent: intent.id, amount: 1500 });
    const rest = await processor.refund({ payment_intent: intent.id });
    const more = await processor.refund({ payment_intent: intent.id, amount: 1 });

    expect(part.json).toMatchObject({ amount: 1500, currency: 'usd', payment_intent: intent.id });
    expect(rest.json.amount).toBe(2500);
    expect(more.status).toBe(400);
    expect(more.error.code).toBe('charge_already_refunded');
    expect((await processor.intent(intent.id)).amount_refunded).toBe(4000);
    expect(ledgerLines(await processor.effects(intent.id))).toEqual([
      'authorization:4000',
      'capture:4000',
      'refund:1500',
      'refund:2500',
    ]);
  });

  it('refuses to refund more than was captured and not refunded', async () => {
    const intent = await processor.authorized({ amount: 4000 });
    await processor.capture(intent.id, { amount_to_capture: 1000, final_capture: false });

    const over = await processor.refund({ payment_intent: intent.id, amount: 1001 });

    expect(over.status).toBe(400);
    expect(over.error).toMatchObject({ code: 'amount_too_large', param: 'amount' });
    expect((await processor.effects(intent.id)).map((e) => e.kind)).not.toContain('refund');
  });

  it('refuses to refund an authorization nothing was captured from', async () => {
    const intent = await processor.authorized();

    const refund = await processor.refund({ payment_intent: intent.id });

    expect(refund.status).toBe(400);
    expect(refund.error.code).toBe('payment_intent_unexpected_state');
  });

  it('answers 404 resource_missing for an unknown intent', async () => {
    const answer = await processor.call('GET', '/v1/payment_intents/pi_nope');
    const capture = await processor.capture('pi_nope');

    expect(answer.status).toBe(404);
    expect(answer.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing' });
    expect(capture.status).toBe(404);
  });
});
