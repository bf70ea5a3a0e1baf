import { Inject, Injectable, Optional } from '@nestjs/common';
import type { MobileLine } from '../orders/mobile-line.schema';
import type { ServiceOrder } from '../orders/service-order.types';
import { NumberPool } from './number-pool';
import { SimRegister } from './sim-register';

/** One line the network activated, as `GET /admin/provisioned` lists it. */
export interface ProvisionedLine {
  iccid: string;
  imsi: string;
  msisdn: string;
  planCode: string;
  portedIn: boolean;
  orderId: string;
  externalId: string;
  provisionedAt: string;
  /** The ICCID had already been provisioned by an earlier order: the double activation to catch. */
  duplicate: boolean;
}

/**
 * The simulator's own record of what it provisioned. A second order for a live ICCID still
 * succeeds, as it would on a network that does not guard against it, so tests can see the double.
 */
@Injectable()
export class MobileNetwork {
  private readonly numbers = new NumberPool();
  private readonly lines: ProvisionedLine[] = [];

  constructor(
    @Optional() @Inject(SimRegister) private readonly sims: SimRegister = new SimRegister(),
  ) {}

  provision(order: ServiceOrder, line: MobileLine, now: Date): ProvisionedLine {
    const provisioned: ProvisionedLine = {
      iccid: line.iccid,
      imsi: this.imsiOf(line.iccid),
      msisdn: line.msisdn ?? this.numbers.nextMsisdn((m) => this.lines.some((l) => l.msisdn === m)),
      planCode: line.planCode,
      portedIn: line.portIn !== undefined,
      orderId: order.id,
      externalId: order.externalId,
      provisionedAt: now.toISOString(),
      duplicate: this.lines.some((l) => l.iccid === line.iccid),
    };
    this.lines.push(provisioned);
    return provisioned;
  }

  /** The IMSI of a SIM a line moves onto: the SIM's own when registered, a fresh one otherwise. */
  imsiOf(iccid: string): string {
    return this.sims.imsiFor(iccid) ?? this.numbers.nextImsi();
  }

  provisioned(filter: { iccid?: string } = {}): ProvisionedLine[] {
    return this.lines.filter((l) => filter.iccid === undefined || l.iccid === filter.iccid);
  }

  clear(): void {
    this.lines.length = 0;
  }
}
