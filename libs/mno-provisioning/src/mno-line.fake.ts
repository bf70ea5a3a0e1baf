import type {
  LineChange,
  LineOrder,
  LineRef,
  MnoLine,
  MnoLineOrder,
  TerminatedLine,
} from './mno-provisioning.port';
import { classifyFailure } from './tmf641/line-order.mapping';
import { mostAdvanced } from './tmf641/service-order.mapping';

/** The line a settled change leaves. */
function changed(line: MnoLine, change: LineChange): MnoLine {
  switch (change.kind) {
    case 'planChange':
      return { ...line, planCode: change.planCode };
    case 'suspend':
      return { ...line, state: 'suspended' };
    case 'resume':
      return { ...line, state: 'active' };
    case 'simSwap':
      return { ...line, iccid: change.newIccid, imsi: `${line.imsi ?? '00101'}9`.slice(-15) };
    case 'portIn':
      return { ...line, msisdn: change.msisdn };
    case 'deactivate':
      return { ...line, state: 'terminated' };
  }
}

/**
 * The lines and lifecycle orders of `FakeMnoProvisioning`. Orders wait (a port-in `held`, as for
 * the donor's answer) until the test settles them, unless `settleImmediately`.
 */
export class FakeMnoLines {
  /** Every lifecycle order placed, duplicates included. */
  readonly orders: MnoLineOrder[] = [];
  readonly lines = new Map<string, MnoLine>();
  private readonly requests = new Map<string, LineOrder>();

  constructor(private readonly settleImmediately: boolean) {}

  /** A line the MNO has; `lineId` defaults to `fake-line-<n>`. */
  addLine(line: Omit<MnoLine, 'lineId'> & { lineId?: string }): MnoLine {
    const stored = { ...line, lineId: line.lineId ?? `fake-line-${this.lines.size + 1}` };
    this.lines.set(stored.lineId, stored);
    return { ...stored };
  }

  submitOrFind(order: LineOrder): MnoLineOrder {
    return this.find(order.requestId) ?? this.create(order);
  }

  find(requestId: string): MnoLineOrder | undefined {
    const order = mostAdvanced(this.orders.filter((o) => o.requestId === requestId));
    return order && { ...order };
  }

  get(orderId: string): MnoLineOrder | undefined {
    const order = this.orders.find((o) => o.orderId === orderId);
    return order && { ...order };
  }

  /** The number leaves for another operator: its live line ends, as the recipient's port does. */
  portOut(msisdn: string, recipientOperator: string, at = Date.now()): TerminatedLine {
    const line = this.findLine({ msisdn });
    if (line?.state === 'terminated' || !line) throw new Error(`FakeMnoLines: no live ${msisdn}`);
    const portOut = { recipientOperator, portedAt: at };
    const ended: TerminatedLine = { ...line, state: 'terminated', changedAt: at, portOut };
    this.lines.set(line.lineId, ended);
    return { ...ended };
  }

  /** Lines ended by a port-out (the fake's only way to end one outside an order), oldest first. */
  terminatedSince(since: number | undefined): TerminatedLine[] {
    return [...this.lines.values()]
      .filter((l): l is TerminatedLine => l.state === 'terminated' && 'changedAt' in l)
      .filter((l) => since === undefined || l.changedAt >= since)
      .sort((a, b) => a.changedAt - b.changedAt);
  }

  findLine(ref: LineRef): MnoLine | undefined {
    if ('lineId' in ref) return this.lines.get(ref.lineId);
    const matching = [...this.lines.values()].filter((l) =>
      'iccid' in ref ? l.iccid === ref.iccid : l.msisdn === ref.msisdn,
    );
    return matching.find((l) => l.state !== 'terminated') ?? matching.at(-1);
  }

  /** Carries the order out under the MNO's rules: completed with the line, or failed, refused. */
  settle(orderId: string): MnoLineOrder {
    const { order, request } = this.stored(orderId);
    const line = this.findLine({ iccid: request.iccid });
    if (!line) return this.fail(orderId, 'LINE_NOT_FOUND');
    const refusal = this.refusalOf(line, request.change);
    if (refusal) return this.fail(orderId, refusal);
    const after = changed(line, request.change);
    this.lines.set(after.lineId, after);
    Object.assign(order, { state: 'completed', line: { ...after } });
    return { ...order };
  }

  /** Fails the order with the MNO's `code` (e.g. `PORT_IN_PIN_MISMATCH`), classified as the adapter does. */
  fail(
    orderId: string,
    code: string,
    message = `the MNO refused the order: ${code}`,
  ): MnoLineOrder {
    const { order } = this.stored(orderId);
    Object.assign(order, { state: 'failed', failure: classifyFailure({ code, message }) });
    return { ...order };
  }

  /** The simulator's rules, in short: what each change needs of the line. */
  private refusalOf(line: MnoLine, change: LineChange): string | undefined {
    if (line.state === 'terminated') return 'LINE_TERMINATED';
    if (change.kind === 'deactivate') return undefined;
    if (change.kind === 'resume')
      return line.state === 'suspended' ? undefined : 'LINE_NOT_SUSPENDED';
    const onlyActive = change.kind === 'suspend' || change.kind === 'portIn';
    if (line.state === 'designed' || (onlyActive && line.state !== 'active')) {
      return 'LINE_NOT_ACTIVE';
    }
    const live = [...this.lines.values()].filter((l) => l.state !== 'terminated');
    if (change.kind === 'simSwap' && live.some((l) => l.iccid === change.newIccid)) {
      return 'ICCID_IN_USE';
    }
    return undefined;
  }

  private create(request: LineOrder): MnoLineOrder {
    const order: MnoLineOrder = {
      orderId: `fake-line-order-${this.orders.length + 1}`,
      requestId: request.requestId,
      state: request.change.kind === 'portIn' ? 'held' : 'acknowledged',
    };
    this.orders.push(order);
    this.requests.set(order.orderId, request);
    return this.settleImmediately ? this.settle(order.orderId) : { ...order };
  }

  private stored(orderId: string): { order: MnoLineOrder; request: LineOrder } {
    const order = this.orders.find((o) => o.orderId === orderId);
    const request = this.requests.get(orderId);
    if (!order || !request) throw new Error(`FakeMnoProvisioning: no line order ${orderId}`);
    return { order, request };
  }
}
