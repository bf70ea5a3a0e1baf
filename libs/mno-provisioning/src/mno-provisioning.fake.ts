import {
  MnoBreakerOpenError,
  MnoErrorCode,
  mnoPermanent,
  type MnoEndpoint,
} from './mno-provisioning.errors';
import { FakeMnoLines } from './mno-line.fake';
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
  MnoOrderFailure,
  MnoProvisioningPort,
} from './mno-provisioning.port';
import { mostAdvanced } from './tmf641/service-order.mapping';

export type MnoOperation = keyof Omit<MnoProvisioningPort, 'health'>;

/** The adapter endpoint whose breaker an operation meets first. */
const FIRST_ENDPOINT: Record<MnoOperation, MnoEndpoint> = {
  submitActivation: 'createOrder',
  submitOrFind: 'findOrders',
  findOrderForActivation: 'findOrders',
  getOrder: 'getOrder',
  submitLineOrder: 'findOrders',
  getLineOrder: 'getOrder',
  findLine: 'findLines',
  listTerminatedLines: 'findLines',
};

export interface ScriptedFailure {
  /** Only these operations fail (default: any). */
  operations?: MnoOperation[];
  /** A submit stores the order before failing: the slow success a timeout hides. */
  applied?: boolean;
}

interface PendingFailure extends ScriptedFailure {
  remaining: number;
  error: () => Error;
}

/**
 * An in-memory MNO for unit tests of the port's users. Orders stay `acknowledged` until the test
 * completes or fails them, unless `completeImmediately`; failures and the breaker are scriptable.
 * A completed activation leaves an active line, which lifecycle orders (`lines`) then change.
 */
export class FakeMnoProvisioning implements MnoProvisioningPort {
  readonly health: MnoHealth;
  /** Every order the fake MNO created, duplicates included. */
  readonly created: MnoOrder[] = [];
  readonly calls: { operation: MnoOperation; id: string }[] = [];
  private readonly failures: PendingFailure[] = [];
  private readonly requests = new Map<string, ActivationOrder>();
  private readonly rejectedIccids = new Map<string, MnoOrderFailure>();
  private readonly recovered = new Set<() => void>();
  private open = false;
  /** Lines and lifecycle orders: seed with `lines.addLine`, settle with `lines.settle` / `lines.fail`. */
  readonly lines: FakeMnoLines;

  constructor(private readonly options: { completeImmediately?: boolean } = {}) {
    this.lines = new FakeMnoLines(options.completeImmediately ?? false);
    this.health = {
      breakerOpen: () => this.open,
      onRecovered: (listener) => {
        this.recovered.add(listener);
        return () => this.recovered.delete(listener);
      },
    };
  }

  /** The next `count` matching calls reject with `error` (a fresh one per call if a factory). */
  failNext(count: number, error: Error | (() => Error), script: ScriptedFailure = {}): this {
    const make = typeof error === 'function' ? error : () => error;
    this.failures.push({ ...script, remaining: count, error: make });
    return this;
  }

  /** Orders for this ICCID fail at once, as the MNO does for `ICCID_UNKNOWN`. */
  rejectIccid(iccid: string, failure: MnoOrderFailure = FakeMnoProvisioning.iccidUnknown): this {
    this.rejectedIccids.set(iccid, failure);
    return this;
  }

  static readonly iccidUnknown: MnoOrderFailure = {
    code: 'ICCID_UNKNOWN',
    message: 'the ICCID is not known to the MNO',
  };

  /** While open, every call rejects with `MnoBreakerOpenError`; closing notifies `onRecovered`. */
  setBreakerOpen(open: boolean): void {
    const recovering = this.open && !open;
    this.open = open;
    if (recovering) for (const listener of this.recovered) listener();
  }

  complete(orderId: string, result: { imsi?: string; msisdn?: string } = {}): MnoOrder {
    const order = this.stored(orderId);
    order.state = 'completed';
    order.imsi = result.imsi ?? `00101${orderId.replace(/\D/g, '').padStart(10, '0')}`;
    const request = this.requests.get(orderId);
    order.msisdn = result.msisdn ?? request?.msisdn ?? `1555${order.imsi.slice(-7)}`;
    if (request) {
      const { iccid, planCode } = request;
      this.lines.addLine({
        state: 'active',
        iccid,
        planCode,
        imsi: order.imsi,
        msisdn: order.msisdn,
      });
    }
    return { ...order };
  }

  fail(orderId: string, failure: MnoOrderFailure): MnoOrder {
    const order = this.stored(orderId);
    Object.assign(order, { state: 'failed', failure });
    return { ...order };
  }

  async submitActivation(order: ActivationOrder): Promise<MnoOrder> {
    this.enter('submitActivation', order.activationId, () => this.create(order));
    return this.create(order);
  }

  async submitOrFind(order: ActivationOrder): Promise<MnoOrder> {
    this.enter(
      'submitOrFind',
      order.activationId,
      () => this.find(order.activationId) ?? this.create(order),
    );
    return this.find(order.activationId) ?? this.create(order);
  }

  /** What the saga submitted for this activation (port-in secrets included), if anything. */
  submitted(activationId: string): ActivationOrder | undefined {
    const order = this.created.find((o) => o.activationId === activationId);
    return order && this.requests.get(order.orderId);
  }

  async findOrderForActivation(activationId: string): Promise<MnoOrder | undefined> {
    this.enter('findOrderForActivation', activationId);
    return this.find(activationId);
  }

  async getOrder(orderId: string): Promise<MnoOrder> {
    this.enter('getOrder', orderId);
    const order = this.created.find((o) => o.orderId === orderId);
    if (!order) throw mnoPermanent(MnoErrorCode.orderNotFound, 'the MNO has no such order');
    return { ...order };
  }

  async submitLineOrder(order: LineOrder): Promise<MnoLineOrder> {
    this.enter('submitLineOrder', order.requestId, () => this.lines.submitOrFind(order));
    return this.lines.submitOrFind(order);
  }

  async getLineOrder(orderId: string): Promise<MnoLineOrder> {
    this.enter('getLineOrder', orderId);
    const order = this.lines.get(orderId);
    if (!order) throw mnoPermanent(MnoErrorCode.orderNotFound, 'the MNO has no such order');
    return order;
  }

  async findLine(ref: LineRef): Promise<MnoLine | undefined> {
    this.enter('findLine', Object.values(ref).join());
    const line = this.lines.findLine(ref);
    return line && { ...line };
  }

  async listTerminatedLines(since: number | undefined): Promise<TerminatedLine[]> {
    this.enter('listTerminatedLines', String(since ?? ''));
    return this.lines.terminatedSince(since);
  }

  /** Records the call, then throws what is scripted for it (after `apply` for an applied failure). */
  private enter(operation: MnoOperation, id: string, apply?: () => unknown): void {
    this.calls.push({ operation, id });
    if (this.open) throw new MnoBreakerOpenError(FIRST_ENDPOINT[operation]);
    const failure = this.failures.find((f) => !f.operations || f.operations.includes(operation));
    if (!failure) return;
    if (--failure.remaining === 0) this.failures.splice(this.failures.indexOf(failure), 1);
    if (failure.applied) apply?.();
    throw failure.error();
  }

  private find(activationId: string): MnoOrder | undefined {
    const order = mostAdvanced(this.created.filter((o) => o.activationId === activationId));
    return order && { ...order };
  }

  private create(order: ActivationOrder): MnoOrder {
    const stored: MnoOrder = {
      orderId: `fake-order-${this.created.length + 1}`,
      activationId: order.activationId,
      state: 'acknowledged',
    };
    this.created.push(stored);
    this.requests.set(stored.orderId, order);
    const failure = this.rejectedIccids.get(order.iccid);
    if (failure) return this.fail(stored.orderId, failure);
    return this.options.completeImmediately ? this.complete(stored.orderId) : { ...stored };
  }

  private stored(orderId: string): MnoOrder {
    const order = this.created.find((o) => o.orderId === orderId);
    if (!order) throw new Error(`FakeMnoProvisioning: no order ${orderId}`);
    return order;
  }
}
