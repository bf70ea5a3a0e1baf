import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type CircuitBreaker from 'opossum';
import { instrumentBreaker, traceVendorCalls, type Logger } from '@handoff/observability';
import {
  createBreaker,
  HandoffError,
  answered,
  isBreakerOpenError,
  PROBE_RESOURCE_ID,
  probeAttempt,
  retryWithBackoff,
  watchBreakers,
  type RetryAttempt,
} from '@handoff/resilience';
import type { MnoSettings } from './mno-provisioning.config';
import { bodyOrError, transportError } from './mno-http.classifier';
import {
  malformedResponse,
  MnoErrorCode,
  MNO_INTEGRATION_POINT,
  MnoBreakerOpenError,
  type MnoEndpoint,
} from './mno-provisioning.errors';
import type {
  LineOrder,
  LineRef,
  MnoLine,
  MnoLineOrder,
  TerminatedLine,
} from './mno-provisioning.port';
import type {
  ActivationOrder,
  MnoHealth,
  MnoOrder,
  MnoOrderState,
  MnoProvisioningPort,
} from './mno-provisioning.port';
import {
  currentLine,
  lineFrom,
  terminatedLineFrom,
  tmfServiceListSchema,
  tmfServiceSchema,
} from './tmf638/service.wire';
import { toMnoLineOrder } from './tmf641/line-order.mapping';
import { toLineOrderRequest } from './tmf641/line-order.wire';
import { mostAdvanced, parseBody, toMnoOrder } from './tmf641/service-order.mapping';
import {
  type ServiceOrder,
  serviceOrderListSchema,
  serviceOrderSchema,
  toServiceOrderRequest,
} from './tmf641/service-order.wire';

const isHandoffError = (error: unknown) => error instanceof HandoffError;

type ToOrder<T> = (wire: ServiceOrder, endpoint: MnoEndpoint) => T;

interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  params?: Record<string, string>;
  data?: unknown;
  attempt: RetryAttempt;
  callerSignal: AbortSignal | undefined;
}

/**
 * The MNO over TMF641 Service Ordering: one axios client, one breaker per endpoint (an MNO whose
 * order creation is down may still answer lookups), retries with jittered backoff under a deadline.
 */
export class MnoProvisioningAxiosAdapter implements MnoProvisioningPort {
  readonly health: MnoHealth;
  private readonly http: AxiosInstance;
  private readonly agents = [
    new HttpAgent({ keepAlive: true }),
    new HttpsAgent({ keepAlive: true }),
  ];
  private readonly breakers: Record<MnoEndpoint, CircuitBreaker<[HttpCall], string>>;
  private readonly inventoryUrl: string;

  constructor(
    private readonly settings: MnoSettings,
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
    traceVendorCalls(this.http, 'mno');
    this.breakers = {
      createOrder: this.breakerFor('createOrder'),
      getOrder: this.breakerFor('getOrder'),
      findOrders: this.breakerFor('findOrders'),
      getLine: this.breakerFor('getLine'),
      findLines: this.breakerFor('findLines'),
    };
    this.inventoryUrl =
      settings.inventoryBaseUrl ?? new URL('/tmf-api/serviceInventory/v4', settings.baseUrl).href;
    const group = watchBreakers(Object.values(this.breakers));
    this.health = { breakerOpen: () => group.anyOpen(), onRecovered: (l) => group.onRecovered(l) };
  }

  submitActivation(order: ActivationOrder, signal?: AbortSignal): Promise<MnoOrder> {
    const data = toServiceOrderRequest(order);
    return this.create(order.activationId, data, signal, false, toMnoOrder);
  }

  submitOrFind(order: ActivationOrder, signal?: AbortSignal): Promise<MnoOrder> {
    const data = toServiceOrderRequest(order);
    return this.create(order.activationId, data, signal, true, toMnoOrder);
  }

  submitLineOrder(order: LineOrder, signal?: AbortSignal): Promise<MnoLineOrder> {
    const data = toLineOrderRequest(order);
    return this.create(order.requestId, data, signal, true, toMnoLineOrder);
  }

  findOrderForActivation(
    activationId: string,
    signal?: AbortSignal,
  ): Promise<MnoOrder | undefined> {
    return this.retrying(signal, (attempt) =>
      this.lookup(activationId, attempt, signal, toMnoOrder),
    );
  }

  getOrder(orderId: string, signal?: AbortSignal): Promise<MnoOrder> {
    return this.readOrder(orderId, signal, toMnoOrder);
  }

  getLineOrder(orderId: string, signal?: AbortSignal): Promise<MnoLineOrder> {
    return this.readOrder(orderId, signal, toMnoLineOrder);
  }

  async findLine(ref: LineRef, signal?: AbortSignal): Promise<MnoLine | undefined> {
    if ('lineId' in ref) {
      const url = `${this.inventoryUrl}/service/${encodeURIComponent(ref.lineId)}`;
      return this.retrying(signal, async (attempt) => {
        const body = await this.fire('getLine', {
          method: 'GET',
          url,
          attempt,
          callerSignal: signal,
        });
        return lineFrom('getLine', parseBody('getLine', body, tmfServiceSchema));
      }).catch((error: unknown) => {
        if (isHandoffError(error) && error.code === MnoErrorCode.lineNotFound) return undefined;
        throw error;
      });
    }
    return this.retrying(signal, async (attempt) => {
      const call = { method: 'GET' as const, attempt, callerSignal: signal };
      const params: Record<string, string> =
        'iccid' in ref ? { iccid: ref.iccid } : { msisdn: ref.msisdn };
      const body = await this.fire('findLines', {
        ...call,
        url: `${this.inventoryUrl}/service`,
        params,
      });
      const lines = parseBody('findLines', body, tmfServiceListSchema)
        .map((service) => lineFrom('findLines', service))
        // Defensive, as for orders: a filter the MNO ignored must not hand us another line.
        .filter((line) => ('iccid' in ref ? line.iccid === ref.iccid : line.msisdn === ref.msisdn));
      return currentLine(lines);
    });
  }

  async listTerminatedLines(
    since: number | undefined,
    signal?: AbortSignal,
  ): Promise<TerminatedLine[]> {
    const params: Record<string, string> = { state: 'terminated' };
    if (since !== undefined) params['serviceDate.gte'] = new Date(since).toISOString();
    return this.retrying(signal, async (attempt) => {
      const call = { method: 'GET' as const, attempt, callerSignal: signal, params };
      const body = await this.fire('findLines', { ...call, url: `${this.inventoryUrl}/service` });
      return (
        parseBody('findLines', body, tmfServiceListSchema)
          // Defensive, as for orders: a filter the MNO ignored must not end a live line of ours.
          .filter((service) => service.state === 'terminated')
          .map((service) => terminatedLineFrom('findLines', service))
          .filter((line) => since === undefined || line.changedAt >= since)
          .sort((a, b) => a.changedAt - b.changedAt)
      );
    });
  }

  /**
   * A probe for availability: one read of a line that does not exist, outside the breakers and
   * retries (a probe must neither be refused by an open breaker nor trip one the flows use).
   * Resolves when the MNO answers, its not-found included.
   */
  probe(signal?: AbortSignal): Promise<void> {
    const url = `${this.inventoryUrl}/service/${PROBE_RESOURCE_ID}`;
    const attempt = probeAttempt(this.settings.callTimeoutMs, signal);
    const read = this.send('getLine', { method: 'GET', url, attempt, callerSignal: signal });
    return answered(read, MnoErrorCode.lineNotFound);
  }

  /** Stops the breakers' timers and closes idle connections. */
  close(): void {
    for (const breaker of Object.values(this.breakers)) breaker.shutdown();
    for (const agent of this.agents) agent.destroy();
  }

  private readOrder<T>(orderId: string, signal: AbortSignal | undefined, toOrder: ToOrder<T>) {
    return this.retrying(signal, async (attempt) => {
      const url = `/serviceOrder/${encodeURIComponent(orderId)}`;
      const body = await this.fire('getOrder', {
        method: 'GET',
        url,
        attempt,
        callerSignal: signal,
      });
      return toOrder(parseBody('getOrder', body, serviceOrderSchema), 'getOrder');
    });
  }

  private create<T extends { state: MnoOrderState }>(
    externalId: string,
    data: unknown,
    signal: AbortSignal | undefined,
    findFirst: boolean,
    toOrder: ToOrder<T>,
  ): Promise<T> {
    return this.retrying(signal, async (attempt) => {
      // Never POST blindly again: a timeout, a reset or a 500 may come after the MNO stored the
      // order (a slow success), and the MNO does not de-duplicate. A lookup is cheap next to a
      // second line, or a second SIM swap.
      if (findFirst || attempt.number > 1) {
        const existing = await this.lookup(externalId, attempt, signal, toOrder);
        if (existing) return existing;
      }
      const call: HttpCall = {
        method: 'POST',
        url: '/serviceOrder',
        data,
        attempt,
        callerSignal: signal,
      };
      const body = await this.fire('createOrder', call);
      const created = parseBody('createOrder', body, serviceOrderSchema);
      if (created.externalId !== externalId) {
        throw malformedResponse('createOrder', 'the externalId is not the one we sent');
      }
      return toOrder(created, 'createOrder');
    });
  }

  private async lookup<T extends { state: MnoOrderState }>(
    externalId: string,
    attempt: RetryAttempt,
    signal: AbortSignal | undefined,
    toOrder: ToOrder<T>,
  ): Promise<T | undefined> {
    const params = { externalId };
    const call: HttpCall = {
      method: 'GET',
      url: '/serviceOrder',
      params,
      attempt,
      callerSignal: signal,
    };
    const body = await this.fire('findOrders', call);
    const orders = parseBody('findOrders', body, serviceOrderListSchema)
      // Defensive: an MNO that ignored the filter must not hand us someone else's order.
      .filter((wire) => wire.externalId === externalId)
      .map((wire) => toOrder(wire, 'findOrders'));
    return mostAdvanced(orders);
  }

  private retrying<T>(signal: AbortSignal | undefined, fn: (attempt: RetryAttempt) => Promise<T>) {
    return retryWithBackoff({ ...this.settings.retry, signal }, fn);
  }

  private async fire(endpoint: MnoEndpoint, call: HttpCall): Promise<string> {
    try {
      return await this.breakers[endpoint].fire(call);
    } catch (error) {
      if (!isBreakerOpenError(error)) throw error;
      throw new MnoBreakerOpenError(endpoint, this.settings.breaker.resetTimeoutMs);
    }
  }

  /** One HTTP exchange, bounded by its own timeout, the operation's deadline and the caller. */
  private async send(endpoint: MnoEndpoint, call: HttpCall): Promise<string> {
    const signal = AbortSignal.any([
      call.attempt.signal,
      AbortSignal.timeout(this.settings.callTimeoutMs),
    ]);
    const { method, url, params, data } = call;
    let response: AxiosResponse<string>;
    try {
      response = await this.http.request<string>({ method, url, params, data, signal });
    } catch (error) {
      throw transportError(endpoint, error, call.callerSignal);
    }
    return bodyOrError(endpoint, response);
  }

  private breakerFor(endpoint: MnoEndpoint): CircuitBreaker<[HttpCall], string> {
    const breaker = createBreaker(
      `mno.${endpoint}`,
      (call: HttpCall) => this.send(endpoint, call),
      this.settings.breaker,
    );
    instrumentBreaker(breaker, { log: this.logger, integrationPoint: MNO_INTEGRATION_POINT });
    return breaker;
  }
}
