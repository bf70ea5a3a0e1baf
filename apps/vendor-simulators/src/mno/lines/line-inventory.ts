import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MobileNetwork } from '../network/mobile-network';
import type { MobileLine } from '../orders/mobile-line.schema';
import { LineEffects, type LineEffectKind } from './line-effects';
import { LINE_NOT_FOUND, type OtherLines, refusalOf } from './line-rules';
import type { LineChange, LineState, LineTarget, MnoLine, Refusal } from './line.types';

/** The order behind a change, as the effects ledger records it. */
export interface OrderIds {
  orderId: string;
  externalId: string;
}

export interface LineFilter {
  iccid?: string;
  msisdn?: string;
  state?: LineState;
  /** TMF630 `serviceDate.gte`: lines changed at or after this instant (ISO 8601). */
  changedSince?: string;
}

const EFFECT_OF: Record<LineChange['kind'], LineEffectKind> = {
  planChange: 'planChanged',
  suspend: 'suspended',
  resume: 'resumed',
  simSwap: 'simSwapped',
  portIn: 'portedIn',
  deactivate: 'deactivated',
};

/**
 * The MNO's service inventory (TMF638): every line with its state and numbers. Changes are checked
 * against the line's state when the order is carried out, as a network does, and each applied one
 * goes to the effects ledger.
 */
@Injectable()
export class LineInventory implements OtherLines {
  private readonly lines = new Map<string, MnoLine>();

  constructor(
    @Inject(LineEffects) private readonly effects: LineEffects,
    @Inject(MobileNetwork) private readonly network: MobileNetwork,
  ) {}

  /** An activation received: the line exists, designed, until the order completes. */
  design(request: MobileLine, now: Date): MnoLine {
    const at = now.toISOString();
    const line: MnoLine = {
      id: randomUUID(),
      state: 'designed',
      iccid: request.iccid,
      imsi: null,
      msisdn: request.msisdn ?? null,
      planCode: request.planCode,
      portedIn: false,
      portedOut: null,
      createdAt: at,
      updatedAt: at,
    };
    this.lines.set(line.id, line);
    return { ...line };
  }

  activate(
    id: string,
    assigned: { imsi: string; msisdn: string; portedIn: boolean },
    ids: OrderIds,
    now: Date,
  ): MnoLine {
    const line = this.stored(id);
    Object.assign(line, { state: 'active', ...assigned, updatedAt: now.toISOString() });
    const detail: Record<string, string> = { planCode: line.planCode };
    if (assigned.portedIn) detail.portedIn = 'true';
    this.effects.record({ lineId: id, kind: 'activated', ...ids, detail }, now);
    return { ...line };
  }

  /** An activation that failed leaves no line behind. */
  discard(id: string): void {
    this.lines.delete(id);
  }

  /** The line an order means: by service id, else the live line with the ICCID, else the last one. */
  resolve(target: LineTarget): MnoLine | undefined {
    if ('serviceId' in target) return this.lines.get(target.serviceId);
    const withIccid = [...this.lines.values()].filter((l) => l.iccid === target.iccid);
    return withIccid.reverse().find((l) => l.state !== 'terminated') ?? withIccid[0];
  }

  /** Applies the change if the network allows it; the line as it is afterwards, or the refusal. */
  apply(target: LineTarget, change: LineChange, ids: OrderIds, now: Date): MnoLine | Refusal {
    const line = this.resolve(target);
    if (!line) return LINE_NOT_FOUND;
    const refusal = refusalOf(line, change, this);
    if (refusal) return refusal;
    const detail = this.change(line, change);
    line.updatedAt = now.toISOString();
    this.effects.record({ lineId: line.id, kind: EFFECT_OF[change.kind], ...ids, detail }, now);
    return { ...line };
  }

  /** The number left for another operator: the line ends, outside any order of ours. */
  portOut(msisdn: string, recipientOperator: string, now: Date): MnoLine | undefined {
    const line = this.holdingMsisdn(msisdn);
    if (!line) return undefined;
    const at = now.toISOString();
    const portedOut = { recipientOperator, portedAt: at };
    Object.assign(line, { state: 'terminated', portedOut, updatedAt: at });
    const ids = { orderId: null, externalId: null };
    this.effects.record(
      { lineId: line.id, kind: 'portedOut', ...ids, detail: { recipientOperator } },
      now,
    );
    return { ...line };
  }

  get(id: string): MnoLine | undefined {
    const line = this.lines.get(id);
    return line && { ...line };
  }

  find(filter: LineFilter = {}): MnoLine[] {
    return [...this.lines.values()]
      .filter((l) => filter.iccid === undefined || l.iccid === filter.iccid)
      .filter((l) => filter.msisdn === undefined || l.msisdn === filter.msisdn)
      .filter((l) => filter.state === undefined || l.state === filter.state)
      .filter((l) => filter.changedSince === undefined || l.updatedAt >= filter.changedSince)
      .map((l) => ({ ...l }));
  }

  holdingIccid(iccid: string): MnoLine | undefined {
    return [...this.lines.values()].find((l) => l.iccid === iccid && l.state !== 'terminated');
  }

  holdingMsisdn(msisdn: string): MnoLine | undefined {
    return [...this.lines.values()].find((l) => l.msisdn === msisdn && l.state !== 'terminated');
  }

  countByState(): Record<LineState, number> {
    const counts = { designed: 0, active: 0, suspended: 0, terminated: 0 };
    for (const line of this.lines.values()) counts[line.state] += 1;
    return counts;
  }

  clear(): void {
    this.lines.clear();
  }

  /** Changes the stored line; answers what the ledger should say about it. */
  private change(line: MnoLine, change: LineChange): Record<string, string> {
    switch (change.kind) {
      case 'planChange': {
        const from = line.planCode;
        line.planCode = change.planCode;
        return { from, to: change.planCode };
      }
      case 'suspend':
        line.state = 'suspended';
        return change.reason ? { reason: change.reason } : {};
      case 'resume':
        line.state = 'active';
        return {};
      case 'simSwap': {
        const from = line.iccid;
        Object.assign(line, { iccid: change.newIccid, imsi: this.network.imsiOf(change.newIccid) });
        return { from, to: change.newIccid };
      }
      case 'portIn':
        Object.assign(line, { msisdn: change.msisdn, portedIn: true });
        return { donorOperator: change.portIn.donorOperator };
      case 'deactivate':
        line.state = 'terminated';
        return {};
    }
  }

  private stored(id: string): MnoLine {
    const line = this.lines.get(id);
    if (!line) throw new Error(`LineInventory: no line ${id}`);
    return line;
  }
}
