import { Inject, Injectable } from '@nestjs/common';
import { maskImsi, maskMsisdn, type Logger } from '@handoff/observability';
import { SIMULATOR_LOGGER } from '../../shared/simulator.tokens';
import { LineInventory } from '../lines/line-inventory';
import type { Refusal } from '../lines/line.types';
import { MobileNetwork } from '../network/mobile-network';
import { markCompleted } from './order-transitions';
import type { OrderRecord } from './service-order.store';

/** What the network does when an order's time comes: activate the line, or change it. */
@Injectable()
export class OrderWorks {
  constructor(
    @Inject(MobileNetwork) private readonly network: MobileNetwork,
    @Inject(LineInventory) private readonly inventory: LineInventory,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  /** Completes the order with the line as it now is, or answers why the network refused it. */
  carryOut(record: OrderRecord, now: Date): Refusal | undefined {
    const { order, work } = record;
    const ids = { orderId: order.id, externalId: order.externalId };
    if (work.kind === 'change') {
      const result = this.inventory.apply(work.target, work.change, ids, now);
      if ('code' in result) return result;
      markCompleted(order, result, now);
      return undefined;
    }
    // Designed when the order arrived; a reset, which would remove it, cancels this timer first.
    if (record.lineId === undefined) throw new Error(`activation ${order.id} has no line`);
    const provisioned = this.network.provision(order, work.line, now);
    const { imsi, msisdn, portedIn } = provisioned;
    const line = this.inventory.activate(record.lineId, { imsi, msisdn, portedIn }, ids, now);
    markCompleted(order, line, now);
    this.logger.info(
      {
        orderId: order.id,
        imsi: maskImsi(provisioned.imsi),
        msisdn: maskMsisdn(provisioned.msisdn),
        duplicate: provisioned.duplicate,
      },
      'line activated',
    );
    return undefined;
  }
}
