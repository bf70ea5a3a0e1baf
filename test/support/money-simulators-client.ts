import { callTotals } from './mno-simulator-client';

/** What the processor did to money, from its effects ledger (`GET /admin/effects`). */
export interface PaymentEffect {
  kind: string;
  payment_intent: string;
  amount: number;
  currency: string;
  idempotency_key: string | null;
}

/** What the tax engine filed, from its ledger (`GET /admin/ledger`). */
export interface TaxLedgerEntry {
  effect: 'committed' | 'voided' | 'adjusted';
  documentCode: string;
  taxAmount: number;
}

/** One tax of a charge line: rounded on its own, for one jurisdiction level. */
export interface TaxView {
  level: string;
  name: string;
  /** A decimal string; null for a fixed per-line fee. */
  rate: string | null;
  taxableAmount: number;
  taxAmount: number;
}

export interface TaxDocumentView {
  documentCode: string;
  status: string;
  currency: string;
  jurisdiction: { code: string; name: string };
  lines: { ref: string; amount: number; taxAmount: number; taxes: TaxView[] }[];
  totals: { amount: number; taxAmount: number };
}

/**
 * The payment processor and tax engine simulators as a test reads them: over plain HTTP, their
 * ledgers, documents and call counts. The base URLs are the adapters' (`…/v1`).
 */
export class MoneySimulators {
  constructor(
    readonly paymentUrl: string,
    readonly taxUrl: string,
  ) {}

  get paymentBaseUrl(): string {
    return `${this.paymentUrl}/v1`;
  }

  get taxBaseUrl(): string {
    return `${this.taxUrl}/communications-tax/v1`;
  }

  async paymentEffects(intentId: string): Promise<PaymentEffect[]> {
    const query = `?payment_intent=${encodeURIComponent(intentId)}`;
    return this.get<PaymentEffect[]>(this.paymentUrl, `/admin/effects${query}`);
  }

  /** Every effect on a customer's money, across intents (a renewed hold is a new intent). */
  async customerEffects(customerId: string): Promise<PaymentEffect[]> {
    const query = `?customer=${encodeURIComponent(customerId)}`;
    return this.get<PaymentEffect[]>(this.paymentUrl, `/admin/effects${query}`);
  }

  /** How long authorizations made from now on stay capturable (`PUT /admin/settings`). */
  async setAuthorizationTtl(authorizationTtlMs: number): Promise<void> {
    await this.send(this.paymentUrl, 'PUT', '/admin/settings', { authorizationTtlMs });
  }

  /** From now on the issuer declines this card (`PUT /admin/issuer/{token}`); holds made stay. */
  async declineCard(paymentMethodToken: string, declineCode: string): Promise<void> {
    const path = `/admin/issuer/${encodeURIComponent(paymentMethodToken)}`;
    await this.send(this.paymentUrl, 'PUT', path, { declineCode });
  }

  /** The card answers as its token does again (`DELETE /admin/issuer/{token}`). */
  async restoreCard(paymentMethodToken: string): Promise<void> {
    await this.send(
      this.paymentUrl,
      'DELETE',
      `/admin/issuer/${encodeURIComponent(paymentMethodToken)}`,
    );
  }

  async taxLedger(documentCode: string): Promise<TaxLedgerEntry[]> {
    const query = `?documentCode=${encodeURIComponent(documentCode)}`;
    return this.get<TaxLedgerEntry[]>(this.taxUrl, `/admin/ledger${query}`);
  }

  async taxDocument(documentCode: string): Promise<TaxDocumentView> {
    const path = `/communications-tax/v1/documents/${encodeURIComponent(documentCode)}`;
    return this.get<TaxDocumentView>(this.taxUrl, path);
  }

  /** A fault rule of the processor's (`PUT /admin/faults`), e.g. every capture answering 503. */
  async setPaymentFaults(rule: Record<string, unknown>): Promise<void> {
    await this.send(this.paymentUrl, 'PUT', '/admin/faults', rule);
  }

  /** Fixes the tax configuration of a place the engine taxed nothing (`PUT /admin/coverage/{code}`). */
  async coverTax(jurisdictionCode: string): Promise<void> {
    await this.send(this.taxUrl, 'PUT', `/admin/coverage/${encodeURIComponent(jurisdictionCode)}`);
  }

  /** Back to the engine's first configuration: the place is taxed nothing again. */
  async uncoverTax(jurisdictionCode: string): Promise<void> {
    await this.send(
      this.taxUrl,
      'DELETE',
      `/admin/coverage/${encodeURIComponent(jurisdictionCode)}`,
    );
  }

  async clearPaymentFaults(): Promise<void> {
    await this.send(this.paymentUrl, 'DELETE', '/admin/faults');
  }

  /** Calls per endpoint so far at the processor and the tax engine (`GET /admin/stats`). */
  async callCounts(): Promise<{ payment: Record<string, number>; tax: Record<string, number> }> {
    const [payment, tax] = await Promise.all([
      this.get<unknown>(this.paymentUrl, '/admin/stats'),
      this.get<unknown>(this.taxUrl, '/admin/stats'),
    ]);
    return { payment: callTotals(payment), tax: callTotals(tax) };
  }

  /** A fault rule of the tax engine's (`PUT /admin/faults`). */
  async setTaxFaults(rule: Record<string, unknown>): Promise<void> {
    await this.send(this.taxUrl, 'PUT', '/admin/faults', rule);
  }

  async clearTaxFaults(): Promise<void> {
    await this.send(this.taxUrl, 'DELETE', '/admin/faults');
  }

  private async send(base: string, method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${await response.text()}`);
  }

  private async get<T>(base: string, path: string): Promise<T> {
    const response = await fetch(`${base}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }
}
