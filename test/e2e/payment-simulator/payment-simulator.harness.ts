import { randomUUID } from 'node:crypto';
import { startPaymentSimulator } from '../../../apps/vendor-simulators/src/start-vendor-simulators';

/** The payment intent as the tests read it off the wire. */
export interface WireIntent {
  id: string;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  amount_refunded: number;
  currency: string;
  customer: string;
  status: string;
  capture_before: number | null;
  cancellation_reason: string | null;
  last_payment_error: { decline_code: string; advice_code: string } | null;
}

export interface WireRefund {
  id: string;
  amount: number;
  currency: string;
  payment_intent: string;
}

export interface StripeError {
  error: {
    type: string;
    code?: string;
    decline_code?: string;
    advice_code?: string;
    message: string;
    param?: string;
    payment_intent?: WireIntent;
  };
}

export interface Effect {
  kind: string;
  payment_intent: string;
  amount: number;
  currency: string;
  idempotency_key: string | null;
}

/** An answer whatever its status: `json` when it succeeded, `error` when it did not. */
export interface Answer<T> {
  status: number;
  text: string;
  json: T;
  error: StripeError['error'];
  replayed: boolean;
}

/** Starts a payment simulator on a free port; it logs at `LOG_LEVEL`, which jest sets to `error`. */
export async function startTestSimulator(authorizationTtlMs?: number, faults: unknown[] = []) {
  const simulator = await startPaymentSimulator({ port: 0, authorizationTtlMs, faults });
  return { simulator, processor: new PaymentTestClient(simulator.url) };
}

/** One simulator for a describe block, reset before each test. */
export function useTestSimulator(onStart: (processor: PaymentTestClient) => void): void {
  let started: Awaited<ReturnType<typeof startTestSimulator>> | undefined;
  beforeAll(async () => {
    started = await startTestSimulator();
    onStart(started.processor);
  });
  afterAll(() => started?.simulator.close());
  beforeEach(() => started?.processor.reset());
}

export const WEEK_MS = 7 * 24 * 60 * 60_000;

export const newKey = (label = 'key') => `${label}-${randomUUID()}`;

/** A valid authorization request; `overrides` replace fields. */
export function authorization(overrides: Record<string, unknown> = {}) {
  return {
    amount: 2599,
    currency: 'usd',
    customer: `cus_${randomUUID().slice(0, 8)}`,
    payment_method: 'pm_card_visa',
    capture_method: 'manual',
    confirm: true,
    ...overrides,
  };
}

/** Plain HTTP calls against the simulator; the answer is returned whatever its status. */
export class PaymentTestClient {
  constructor(readonly url: string) {}

  async call<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; key?: string; timeoutMs?: number } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.key !== undefined) headers['idempotency-key'] = options.key;
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const error = (json as StripeError | undefined)?.error as StripeError['error'];
    const replayed = response.headers.get('idempotent-replayed') === 'true';
    return { status: response.status, text, json: json as T, error, replayed };
  }

  authorize(body: unknown, key?: string, timeoutMs?: number) {
    return this.call<WireIntent>('POST', '/v1/payment_intents', { body, key, timeoutMs });
  }

  /** Authorizes and fails the test unless it was approved. */
  async authorized(overrides: Record<string, unknown> = {}): Promise<WireIntent> {
    const answer = await this.authorize(authorization(overrides), newKey('auth'));
    if (answer.status !== 200) throw new Error(`authorize answered ${answer.text}`);
    return answer.json;
  }

  capture(id: string, body: unknown = {}, key?: string) {
    return this.call<WireIntent>('POST', `/v1/payment_intents/${id}/capture`, { body, key });
  }

  cancel(id: string, key?: string) {
    return this.call<WireIntent>('POST', `/v1/payment_intents/${id}/cancel`, { body: {}, key });
  }

  refund(body: unknown, key?: string) {
    return this.call<WireRefund>('POST', '/v1/refunds', { body, key });
  }

  async intent(id: string): Promise<WireIntent> {
    return (await this.call<WireIntent>('GET', `/v1/payment_intents/${id}`)).json;
  }

  async intentsFor(idempotencyKey: string): Promise<WireIntent[]> {
    const query = `?idempotency_key=${encodeURIComponent(idempotencyKey)}`;
    return (await this.call<{ data: WireIntent[] }>('GET', `/v1/payment_intents${query}`)).json
      .data;
  }

  async effects(paymentIntent?: string): Promise<Effect[]> {
    const query = paymentIntent ? `?payment_intent=${encodeURIComponent(paymentIntent)}` : '';
    return (await this.call<Effect[]>('GET', `/admin/effects${query}`)).json;
  }

  async setFaults(rule: unknown): Promise<void> {
    const answer = await this.call('PUT', '/admin/faults', { body: rule });
    if (answer.status !== 200) throw new Error(`PUT /admin/faults answered ${answer.text}`);
  }

  async setAuthorizationTtl(authorizationTtlMs: number): Promise<void> {
    const answer = await this.call('PUT', '/admin/settings', { body: { authorizationTtlMs } });
    if (answer.status !== 200) throw new Error(`PUT /admin/settings answered ${answer.text}`);
  }

  /** Forgets everything, and puts the authorization lifetime back to its default (a reset keeps it). */
  async reset(): Promise<void> {
    await this.call('POST', '/admin/reset');
    await this.setAuthorizationTtl(WEEK_MS);
  }
}

/** The ledger as `kind:amount` lines, in order: easy to compare as a whole. */
export const ledgerLines = (effects: Effect[]) => effects.map((e) => `${e.kind}:${e.amount}`);
