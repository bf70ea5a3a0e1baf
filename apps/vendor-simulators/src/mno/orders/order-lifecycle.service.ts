import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { maskIccid, maskImsi, maskMsisdn, type Logger } from '@handoff/observability';
import { FaultBook } from '../../shared/faults/fault-book';
import { SIMULATOR_LOGGER } from '../../shared/simulator.tokens';
import { TimerSet } from '../../shared/timing/timer-set';
import { MnoSettings } from '../admin/mno-settings';
import { StateChangeNotifier } from '../hub/state-change.notifier';
import type { MnoEndpoint, MnoFaultRule } from '../mno-fault-rule.schema';
import { MobileNetwork } from '../network/mobile-network';
import type { CreateServiceOrder } from './create-service-order.schema';
import { fateOf, type OrderFate } from './order-fate';
import { markCompleted, markFailed, markInProgress } from './order-transitions';
import { newServiceOrder } from './service-order.factory';
import { type OrderRecord, ServiceOrderStore, snapshot } from './service-order.store';
import type { ServiceOrder } from './service-order.types';

const CREATE_ORDER: MnoEndpoint = 'createOrder';

/**
 * Takes an order through acknowledged → inProgress (half the completion delay) → completed or
 * failed (the full delay), asynchronously, as TMF641 orders go; every change is notified.
 */
@Injectable()
export class OrderLifecycle implements OnModuleDestroy {
  private readonly timers = new TimerSet();

  constructor(
    @Inject(ServiceOrderStore) private readonly store: ServiceOrderStore,
    @Inject(MobileNetwork) private readonly network: MobileNetwork,
    @Inject(MnoSettings) private readonly settings: MnoSettings,
    @Inject(FaultBook) private readonly faults: FaultBook<MnoFaultRule>,
    @Inject(StateChangeNotifier) private readonly notifier: StateChangeNotifier,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  /** Records the order and schedules its progress; answers with the order as acknowledged. */
  accept(request: CreateServiceOrder): ServiceOrder {
    const record: OrderRecord = { order: newServiceOrder(request, new Date()), line: request.line };
    this.store.add(record);
    this.schedule(record, fateOf(request.line, this.faults.effective(CREATE_ORDER)));
    const { id, externalId } = record.order;
    this.logger.info(
      { orderId: id, externalId, iccid: maskIccid(request.line.iccid) },
      'service order acknowledged',
    );
    return snapshot(record.order);
  }

  /** Forgets pending transitions (on reset): the orders they belong to are gone. */
  cancelAll(): void {
    this.timers.cancelAll();
  }

  onModuleDestroy(): void {
    this.cancelAll();
  }

  private schedule(record: OrderRecord, fate: OrderFate): void {
    const total = this.settings.completionDelayMs;
    const half = Math.floor(total / 2);
    this.timers.schedule(half, () => {
      this.change(record.order, () => markInProgress(record.order));
      if (fate.kind === 'stuck') return;
      this.timers.schedule(total - half, () => this.finish(record, fate));
    });
  }

  private finish(record: OrderRecord, fate: OrderFate): void {
    const now = new Date();
    const { order, line } = record;
    if (fate.kind === 'fail') {
      this.change(order, () => markFailed(order, fate, now));
      this.logger.info({ orderId: order.id, code: fate.code }, 'service order failed');
      return;
    }
    const provisioned = this.network.provision(order, line, now);
    this.change(order, () => markCompleted(order, provisioned, now));
    this.logger.info(
      {
        orderId: order.id,
        imsi: maskImsi(provisioned.imsi),
        msisdn: maskMsisdn(provisioned.msisdn),
        duplicate: provisioned.duplicate,
      },
      'service order completed',
    );
  }

  private change(order: ServiceOrder, apply: () => void): void {
    apply();
    this.notifier.publish(order);
  }
}
