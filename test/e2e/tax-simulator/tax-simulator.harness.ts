import { randomUUID } from 'node:crypto';
import { startTaxSimulator } from '../../../apps/vendor-simulators/src/start-vendor-simulators';

export const TAX = '/communications-tax/v1';

export interface WireTax {
  level: string;
  jurisdictionName: string;
  name: string;
  kind: string;
  rate: string | null;
  taxableAmount: number;
  taxAmount: number;
}

export interface WireDocument {
  documentCode: string;
  status: 'quoted' | 'committed' | 'voided';
  version: number;
  jurisdiction: { code: string; name: string };
  lines: { ref: string; amount: number; taxes: WireTax[]; taxAmount: number }[];
  totals: { amount: number; taxAmount: number };
  adjustments: { adjustmentCode: string; totals: { amount: number; taxAmount: number } }[];
}

export interface LedgerEntry {
  effect: 'committed' | 'voided' | 'adjusted';
  documentCode: string;
  fromStatus?: string;
  taxAmount: number;
}

export interface TaxErrorBody {
  error: { code: string; message: string; status: number };
}

export interface Answer<T> {
  status: number;
  text: string;
  json: T;
  error: TaxErrorBody['error'];
}

/** One simulator for a whole describe block, reset before each test. */
export function useTaxSimulator(onStart: (tax: TaxTestClient) => void): void {
  let simulator: Awaited<ReturnType<typeof startTaxSimulator>> | undefined;
  let client: TaxTestClient | undefined;
  beforeAll(async () => {
    simulator = await startTaxSimulator({ port: 0 });
    client = new TaxTestClient(simulator.url);
    onStart(client);
  });
  afterAll(() => simulator?.close());
  beforeEach(() => client?.reset());
}

/** Plain HTTP calls against the simulator; the answer is returned whatever its status. */
export class TaxTestClient {
  constructor(readonly url: string) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, timeoutMs = 5_000) {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const error = (json as TaxErrorBody | undefined)?.error as TaxErrorBody['error'];
    return { status: response.status, text, json: json as T, error } satisfies Answer<T>;
  }

  calculate(body: unknown, timeoutMs?: number) {
    return this.call<WireDocument>('POST', `${TAX}/documents/calculate`, body, timeoutMs);
  }

  document(code: string) {
    return this.call<WireDocument>('GET', `${TAX}/documents/${encodeURIComponent(code)}`);
  }

  commit(code: string, timeoutMs?: number) {
    return this.call<WireDocument>('POST', `${TAX}/documents/${code}/commit`, undefined, timeoutMs);
  }

  void(code: string, reason = 'cancelled') {
    return this.call<WireDocument>('POST', `${TAX}/documents/${code}/void`, { reason });
  }

  adjust(code: string, body: unknown) {
    return this.call<WireDocument>('POST', `${TAX}/documents/${code}/adjustments`, body);
  }

  async ledger(documentCode?: string): Promise<LedgerEntry[]> {
    const query = documentCode ? `?documentCode=${encodeURIComponent(documentCode)}` : '';
    return (await this.call<LedgerEntry[]>('GET', `/admin/ledger${query}`)).json;
  }

  async setFaults(rule: unknown): Promise<void> {
    const answer = await this.call('PUT', '/admin/faults', rule);
    if (answer.status !== 200) throw new Error(`PUT /admin/faults answered ${answer.text}`);
  }

  async stats() {
    type Stats = {
      calls: Record<string, Record<string, number>>;
      documents: Record<string, number>;
    };
    return (await this.call<Stats>('GET', '/admin/stats')).json;
  }

  async reset(): Promise<void> {
    await this.call('POST', '/admin/reset');
  }
}

/** A calculation for an activation's charges, as the tax adapter sends it. */
export function activationCharges(place: Record<string, unknown> = { serviceAddress: seattle }) {
  return {
    documentCode: `ACT-${randomUUID()}`,
    transactionDate: '2025-03-01',
    currency: 'USD',
    ...place,
    lines: [
      { ref: 'fee', transactionType: 'cellular', serviceType: 'activation', amount: 2500 },
      { ref: 'plan', transactionType: 'cellular', serviceType: 'access', amount: 4000 },
    ],
  };
}

export const seattle = { street: '400 Pine St', city: 'Seattle', state: 'WA', postalCode: '98101' };
export const guam = { city: 'Hagatna', state: 'GU', postalCode: '96910' };

export const sum = (values: number[]) => values.reduce((t, v) => t + v, 0);
