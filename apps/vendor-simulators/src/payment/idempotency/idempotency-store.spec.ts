import { PaymentApiError } from '../stripe/stripe-error';
import { fingerprint, IdempotencyStore } from './idempotency-store';

describe('fingerprint', () => {
  it('ignores key order and undefined fields, not values or the endpoint', () => {
    const a = fingerprint('POST', '/v1/refunds', { amount: 5, payment_intent: 'pi_1' });
    expect(fingerprint('POST', '/v1/refunds', { payment_intent: 'pi_1', amount: 5 })).toBe(a);
    expect(
      fingerprint('POST', '/v1/refunds', { payment_intent: 'pi_1', amount: 5, x: undefined }),
    ).toBe(a);
    expect(fingerprint('POST', '/v1/refunds', { payment_intent: 'pi_1', amount: 6 })).not.toBe(a);
    expect(fingerprint('POST', '/v1/other', { payment_intent: 'pi_1', amount: 5 })).not.toBe(a);
  });
});

describe('IdempotencyStore', () => {
  const answer = { status: 200, body: { id: 'pi_1' } };

  it('replays the first answer to the same request and refuses another request under the key', () => {
    const store = new IdempotencyStore();
    store.remember('k', 'same', answer, 0);

    expect(store.recall('k', 'same', 1)).toBe(answer);
    expect(() => store.recall('k', 'other', 1)).toThrow(PaymentApiError);
    expect(store.recall('fresh', 'same', 1)).toBeUndefined();
  });

  it('keeps a key 24 hours, then forgets it', () => {
    const store = new IdempotencyStore();
    store.remember('k', 'same', answer, 0);
    const day = 24 * 60 * 60_000;

    expect(store.recall('k', 'same', day - 1)).toBe(answer);
    expect(store.recall('k', 'same', day)).toBeUndefined();
  });
});
