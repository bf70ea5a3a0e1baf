import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from '@handoff/observability';
import { FaultBook } from '../../shared/faults/fault-book';
import { SIMULATOR_LOGGER } from '../../shared/simulator.tokens';
import { TimerSet } from '../../shared/timing/timer-set';
import { MnoSettings } from '../admin/mno-settings';
import { StateChangeNotifier } from '../hub/state-change.notifier';
import { DonorRegistry } from '../lines/donor-registry';
import { LineInventory } from '../lines/line-inventory';
import type { Refusal } from '../lines/line.types';
import type { MnoEndpoint, MnoFaultRule } from '../mno-fault-rule.schema';
import type { CreateServiceOrder } from './create-service-order.schema';
import { fateOf, type OrderFate, portInOf } from './order-fate';
import { OrderWorks } from './order-works';
import { markFailed, markInProgress, markPending } from './order-transitions';
import { newServiceOrder } from './service-order.factory';
import { type OrderRecord, ServiceOrderStore, snapshot } from './service-order.store';
import type { ServiceOrder } from './service-order.types';

const CREATE_ORDER: MnoEndpoint = 'createOrder';

/** The timing an order got when it arrived; later settings changes do not move it. */
interface Schedule {
  totalMs: number;
  portInDecisionMs: number;
}

/**
 * Takes an order through acknowledged → inProgress (half the completion delay) → completed or
 * failed (the full delay), asynchronously, as TMF641 orders go; every change is notified. A port-in
 * first waits `pending` for the donor's answer, which may refuse it.
 */
@Injectable()
export class OrderLifecycle implements OnModuleDestroy {
  private readonly timers = new TimerSet();

  constructor(
    @Inject(ServiceOrderStore) private readonly store: ServiceOrderStore,
    @Inject(LineInventory) private readonly inventory: LineInventory,
    @Inject(DonorRegistry) private readonly donors: DonorRegistry,
    @Inject(OrderWorks) private readonly works: OrderWorks,
    @Inject(MnoSettings) private readonly settings: MnoSettings,
    @Inject(FaultBook) private readonly faults: FaultBook<MnoFaultRule>,
    @Inject(StateChangeNotifier) private readonly notifier: StateChangeNotifier,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  /** Records the order and schedules its progress; answers with the order as acknowledged. */
  accept(request: CreateServiceOrder): ServiceOrder {
    const now = new Date();
    const { work } = request;
    const record: OrderRecord = { order: newServiceOrder(request, now), work };
    if (work.kind === 'activate') record.lineId = this.inventory.design(work.line, now).id;
    this.store.add(record);
    const { completionDelayMs, portInDecisionMs } = this.settings;
    const fate = fateOf(work, this.faults.effective(CREATE_ORDER));
    this.schedule(record, fate, { totalMs: completionDelayMs, portInDecisionMs });
    const { id, externalId } = record.order;
    const kind = work.kind === 'activate' ? 'activate' : work.change.kind;
    this.logger.info({ orderId: id, externalId, kind }, 'service order acknowledged');
    return snapshot(record.order);
  }

  /** Forgets pending transitions (on reset): the orders they belong to are gone. */
  cancelAll(): void {
    this.timers.cancelAll();
  }

  onModuleDestroy(): void {
    this.cancelAll();
  }

  private schedule(record: OrderRecord, fate: OrderFate, schedule: Schedule): void {
    const half = Math.floor(schedule.totalMs / 2);
    this.timers.schedule(half, () => {
      const portIn = fate.kind === 'carryOut' ? portInOf(record.work) : undefined;
      if (!portIn || schedule.portInDecisionMs === 0) return this.proceed(record, fate, schedule);
      this.change(record.order, () => markPending(record.order));
      this.timers.schedule(schedule.portInDecisionMs, () => this.proceed(record, fate, schedule));
    });
  }

  /** The donor's answer if this is a port-in, then inProgress and, unless stuck, the end. */
  private proceed(record: OrderRecord, fate: OrderFate, schedule: Schedule): void {
    const portIn = fate.kind === 'carryOut' ? portInOf(record.work) : undefined;
    const refusal = portIn && this.donors.answer(portIn.msisdn, portIn.portIn);
    if (refusal) return this.fail(record, refusal);
    this.change(record.order, () => markInProgress(record.order));
    if (fate.kind === 'stuck') return;
    const rest = schedule.totalMs - Math.floor(schedule.totalMs / 2);
    this.timers.schedule(rest, () => this.finish(record, fate));
  }

  private finish(record: OrderRecord, fate: OrderFate): void {
    if (fate.kind === 'fail') return this.fail(record, fate);
    const refusal = this.works.carryOut(record, new Date());
    if (refusal) return this.fail(record, refusal);
    this.notifier.publish(record.order);
    this.logger.info({ orderId: record.order.id }, 'service order completed');
  }

  private fail(record: OrderRecord, refusal: Refusal): void {
    const { order } = record;
    if (record.lineId !== undefined) this.inventory.discard(record.lineId);
    this.change(order, () => markFailed(order, refusal, new Date()));
    this.logger.info({ orderId: order.id, code: refusal.code }, 'service order failed');
  }

  private change(order: ServiceOrder, apply: () => void): void {
    apply();
    this.notifier.publish(order);
  }
}
