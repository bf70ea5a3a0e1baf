import {
  authorization,
  ledgerLines,
  newKey,
  type PaymentTestClient,
  useTestSimulator,
} from './payment-simulator.harness';

describe('payment simulator: Idempotency-Key', () => {
  let processor: PaymentTestClient;
  useTestSimulator((started) => (processor = started));

  it('answers the same request under the same key with the first answer and authorizes once', async () => {
    const key = newKey();
    const request = authorization();

    const first = await processor.authorize(request, key);
    const again = await processor.authorize({ ...request }, key);

    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(again.replayed).toBe(true);
    expect(first.replayed).toBe(false);
    expect(ledgerLines(await processor.effects())).toEqual(['authorization:2599']);
    expect(await processor.intentsFor(key)).toEqual([first.json]);
  });

  it('refuses the same key with a different body (400 idempotency_error) and does nothing', async () => {
    const key = newKey();
    await processor.authorize(authorization({ amount: 1000 }), key);

    const other = await processor.authorize(authorization({ amount: 1001 }), key);

    expect(other.status).toBe(400);
    expect(other.error).toMatchObject({
      type: 'idempotency_error',
      code: 'idempotency_key_in_use',
    });
    expect(ledgerLines(await processor.effects())).toEqual(['authorization:1000']);
  });

  it('refuses a key reused on another endpoint', async () => {
    const key = newKey();
    const intent = await processor.authorized();
    await processor.capture(intent.id, {}, key);

    const refund = await processor.refund({ payment_intent: intent.id }, key);

    expect(refund.status).toBe(400);
    expect(refund.error.type).toBe('idempotency_error');
    expect(ledgerLines(await processor.effects(intent.id))).toEqual([
      'authorization:2599',
      'capture:2599',
    ]);
  });

  it('captures once when a capture is repeated under its key', async () => {
    const intent = await processor.authorized({ amount: 5000 });
    const key = newKey('capture');

    const first = await processor.capture(
      intent.id,
      { amount_to_capture: 2000, final_capture: false },
      key,
    );
    const again = await processor.capture(
      intent.id,
      { final_capture: false, amount_to_capture: 2000 },
      key,
    );

    expect(again.json).toEqual(first.json);
    expect(again.json.amount_received).toBe(2000);
    expect(ledgerLines(await processor.effects(intent.id))).toEqual([
      'authorization:5000',
      'capture:2000',
    ]);
  });

  it('replays a decline under its key instead of asking the issuer again', async () => {
    const key = newKey();
    const request = authorization({ payment_method: 'pm_card_chargeDeclinedInsufficientFunds' });

    const first = await processor.authorize(request, key);
    const again = await processor.authorize(request, key);

    expect(first.status).toBe(402);
    expect(again.status).toBe(402);
    expect(again.json).toEqual(first.json);
    expect(again.replayed).toBe(true);
    expect(await processor.intentsFor(key)).toHaveLength(1);
  });

  it('does not keep a key whose request failed validation, so the corrected request may use it', async () => {
    const key = newKey();

    const invalid = await processor.authorize(authorization({ amount: 19.99 }), key);
    const corrected = await processor.authorize(authorization({ amount: 1999 }), key);

    expect(invalid.status).toBe(400);
    expect(invalid.error.message).toMatch(/amount: must be an integer number of minor units/);
    expect(corrected.status).toBe(200);
  });

  it('without a key, the same request authorizes twice: the key is what protects the customer', async () => {
    const request = authorization();

    await processor.authorize(request);
    await processor.authorize(request);

    expect(ledgerLines(await processor.effects())).toEqual([
      'authorization:2599',
      'authorization:2599',
    ]);
  });
});
