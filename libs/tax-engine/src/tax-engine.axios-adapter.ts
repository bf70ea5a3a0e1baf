import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type CircuitBreaker from 'opossum';
import { instrumentBreaker, traceVendorCalls, type Logger } from '@handoff/observability';
import {
  createBreaker,
  answered,
  isBreakerOpenError,
  PROBE_RESOURCE_ID,
  probeAttempt,
  retryWithBackoff,
  watchBreakers,
  type RetryAttempt,
} from '@handoff/resilience';
import { chargesMatch, parseBody, toTaxDocument } from './afc/tax-document.mapping';
import {
  jurisdictionListSchema,
  jurisdictionSchema,
  taxDocumentSchema,
  toCalculateRequest,
  toWireAddress,
  toWireLines,
  type WireTaxDocument,
} from './afc/tax-document.wire';
import type { TaxEngineSettings } from './tax-engine.config';
import { bodyOrError, transportError } from './tax-http.classifier';
import {
  malformedResponse,
  TAX_INTEGRATION_POINT,
  TaxBreakerOpenError,
  TaxErrorCode,
  type TaxEndpoint,
} from './tax-engine.errors';
import type {
  ServiceAddress,
  TaxAdjustmentRequest,
  TaxDocument,
  TaxEngineHealth,
  TaxEnginePort,
  TaxJurisdiction,
  TaxJurisdictionConfiguration,
  TaxQuoteRequest,
} from './tax-engine.port';

interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  data?: unknown;
  attempt: RetryAttempt;
  callerSignal: AbortSignal | undefined;
}

const ENDPOINTS: readonly TaxEndpoint[] = [
  'calculate',
  'getDocument',
  'commit',
  'void',
  'adjust',
  'geocode',
  'jurisdictions',
];

const documentPath = (code: string, action = '') =>
  `/documents/${encodeURIComponent(code)}${action}`;

/**
 * The tax engine over its communications tax API: one axios client, one breaker per endpoint (an
 * engine whose commits fail may still quote), retries with jittered backoff under a deadline. A
 * retry of a call that changes a document first reads the document: the failed attempt may have
 * done its work (a slow success), and the answer settles it instead of a second send.
 */
export class TaxEngineAxiosAdapter implements TaxEnginePort {
  readonly health: TaxEngineHealth;
  private readonly http: AxiosInstance;
  private readonly agents = [
    new HttpAgent({ keepAlive: true }),
    new HttpsAgent({ keepAlive: true }),
  ];
  private readonly breakers: Record<TaxEndpoint, CircuitBreaker<[HttpCall], string>>;

  constructor(
    private readonly settings: TaxEngineSettings,
    private readonly logger?: Logger,
  ) {
    this.http = axios.create({
      baseURL: settings.baseUrl,
      httpAgent: this.agents[0],
      httpsAgent: this.agents[1],
      headers: { Accept: 'application/json' },
      // Every status and body reaches our classifier as is; the per-call signal is the timeout.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
    });
    traceVendorCalls(this.http, 'tax');
    this.breakers = Object.fromEntries(
      ENDPOINTS.map((endpoint) => [endpoint, this.breakerFor(endpoint)]),
    ) as Record<TaxEndpoint, CircuitBreaker<[HttpCall], string>>;
    const group = watchBreakers(Object.values(this.breakers));
    this.health = { breakerOpen: () => group.anyOpen(), onRecovered: (l) => group.onRecovered(l) };
  }

  resolveJurisdiction(address: ServiceAddress, signal?: AbortSignal): Promise<TaxJurisdiction> {
    const data = { serviceAddress: toWireAddress(address) };
    return this.retrying(signal, async (attempt) => {
      const call: HttpCall = {
        method: 'POST',
        url: '/geocode',
        data,
        attempt,
        callerSignal: signal,
      };
      const { code, name } = parseBody(
        'geocode',
        await this.fire('geocode', call),
        jurisdictionSchema,
      );
      return { code, name };
    });
  }

  quote(request: TaxQuoteRequest, signal?: AbortSignal): Promise<TaxDocument> {
    const data = toCalculateRequest(request);
    const asked = (wire: WireTaxDocument) =>
      wire.documentCode === request.documentCode &&
      chargesMatch(wire, request.currency, request.charges);
    return this.changing(request.documentCode, signal, asked, async (attempt) => {
      const call: HttpCall = {
        method: 'POST',
        url: '/documents/calculate',
        data,
        attempt,
        callerSignal: signal,
      };
      const wire = parseBody('calculate', await this.fire('calculate', call), taxDocumentSchema);
      if (!asked(wire))
        throw malformedResponse('calculate', 'not the document or charges asked for');
      return toTaxDocument(wire, 'calculate');
    });
  }

  commit(documentCode: string, signal?: AbortSignal): Promise<TaxDocument> {
    const done = (wire: WireTaxDocument) => wire.status === 'committed';
    return this.changing(documentCode, signal, done, (attempt) =>
      this.post('commit', documentPath(documentCode, '/commit'), undefined, attempt, signal),
    );
  }

  voidDocument(documentCode: string, reason: string, signal?: AbortSignal): Promise<TaxDocument> {
    const done = (wire: WireTaxDocument) => wire.status === 'voided';
    return this.changing(documentCode, signal, done, (attempt) =>
      this.post('void', documentPath(documentCode, '/void'), { reason }, attempt, signal),
    );
  }

  adjust(
    documentCode: string,
    adjustment: TaxAdjustmentRequest,
    signal?: AbortSignal,
  ): Promise<TaxDocument> {
    const data = {
      adjustmentCode: adjustment.adjustmentCode,
      reason: adjustment.reason,
      lines: toWireLines(adjustment.charges),
    };
    const done = (wire: WireTaxDocument) =>
      wire.adjustments.some((a) => a.adjustmentCode === adjustment.adjustmentCode);
    return this.changing(documentCode, signal, done, (attempt) =>
      this.post('adjust', documentPath(documentCode, '/adjustments'), data, attempt, signal),
    );
  }

  findDocument(documentCode: string, signal?: AbortSignal): Promise<TaxDocument | undefined> {
    return this.retrying(signal, async (attempt) => {
      const wire = await this.lookup(documentCode, attempt, signal);
      return wire && toTaxDocument(wire, 'getDocument');
    });
  }

  listJurisdictions(signal?: AbortSignal): Promise<TaxJurisdictionConfiguration[]> {
    return this.retrying(signal, async (attempt) => {
      const call: HttpCall = {
        method: 'GET',
        url: '/jurisdictions',
        attempt,
        callerSignal: signal,
      };
      const list = parseBody(
        'jurisdictions',
        await this.fire('jurisdictions', call),
        jurisdictionListSchema,
      );
      return list.map(({ code, name, state, taxRuleCount }) => ({
        code,
        name,
        state,
        taxRuleCount,
      }));
    });
  }

  /**
   * A probe for availability: one read of a document that does not exist, outside the breakers and
   * retries (a probe must neither be refused by an open breaker nor trip one the flows use).
   * Resolves when the tax engine answers, its not-found included.
   */
  probe(signal?: AbortSignal): Promise<void> {
    const url = documentPath(PROBE_RESOURCE_ID);
    const attempt = probeAttempt(this.settings.callTimeoutMs, signal);
    const read = this.send('getDocument', { method: 'GET', url, attempt, callerSignal: signal });
    return answered(read, TaxErrorCode.documentNotFound);
  }

  /** Stops the breakers' timers and closes idle connections. */
  close(): void {
    for (const breaker of Object.values(this.breakers)) breaker.shutdown();
    for (const agent of this.agents) agent.destroy();
  }

  /**
   * A call that changes a document, retried: from the second attempt on, the document is read
   * first, and if it already shows the change (`done`), that is the answer and nothing is sent.
   */
  private changing(
    documentCode: string,
    signal: AbortSignal | undefined,
    done: (wire: WireTaxDocument) => boolean,
    send: (attempt: RetryAttempt) => Promise<TaxDocument>,
  ): Promise<TaxDocument> {
    return this.retrying(signal, async (attempt) => {
      if (attempt.number > 1) {
        const existing = await this.lookup(documentCode, attempt, signal);
        if (existing && done(existing)) return toTaxDocument(existing, 'getDocument');
      }
      return send(attempt);
    });
  }

  private async post(
    endpoint: TaxEndpoint,
    url: string,
    data: unknown,
    attempt: RetryAttempt,
    signal: AbortSignal | undefined,
  ): Promise<TaxDocument> {
    const call: HttpCall = { method: 'POST', url, data, attempt, callerSignal: signal };
    const wire = parseBody(endpoint, await this.fire(endpoint, call), taxDocumentSchema);
    return toTaxDocument(wire, endpoint);
  }

  private async lookup(
    documentCode: string,
    attempt: RetryAttempt,
    signal: AbortSignal | undefined,
  ): Promise<WireTaxDocument | undefined> {
    const call: HttpCall = {
      method: 'GET',
      url: documentPath(documentCode),
      attempt,
      callerSignal: signal,
    };
    try {
      const wire = parseBody(
        'getDocument',
        await this.fire('getDocument', call),
        taxDocumentSchema,
      );
      if (wire.documentCode !== documentCode) {
        throw malformedResponse('getDocument', 'not the document asked for');
      }
      return wire;
    } catch (error) {
      if ((error as { code?: unknown }).code === TaxErrorCode.documentNotFound) return undefined;
      throw error;
    }
  }

  private retrying<T>(signal: AbortSignal | undefined, fn: (attempt: RetryAttempt) => Promise<T>) {
    return retryWithBackoff({ ...this.settings.retry, signal }, fn);
  }

  private async fire(endpoint: TaxEndpoint, call: HttpCall): Promise<string> {
    try {
      return await this.breakers[endpoint].fire(call);
    } catch (error) {
      if (!isBreakerOpenError(error)) throw error;
      throw new TaxBreakerOpenError(endpoint, this.settings.breaker.resetTimeoutMs);
    }
  }

  /** One HTTP exchange, bounded by its own timeout, the operation's deadline and the caller. */
  private async send(endpoint: TaxEndpoint, call: HttpCall): Promise<string> {
    const signal = AbortSignal.any([
      call.attempt.signal,
      AbortSignal.timeout(this.settings.callTimeoutMs),
    ]);
    const { method, url, data } = call;
    let response: AxiosResponse<string>;
    try {
      response = await this.http.request<string>({ method, url, data, signal });
    } catch (error) {
      throw transportError(endpoint, error, call.callerSignal);
    }
    return bodyOrError(endpoint, response);
  }

  private breakerFor(endpoint: TaxEndpoint): CircuitBreaker<[HttpCall], string> {
    const breaker = createBreaker(
      `tax.${endpoint}`,
      (call: HttpCall) => this.send(endpoint, call),
      this.settings.breaker,
    );
    instrumentBreaker(breaker, { log: this.logger, integrationPoint: TAX_INTEGRATION_POINT });
    return breaker;
  }
}
