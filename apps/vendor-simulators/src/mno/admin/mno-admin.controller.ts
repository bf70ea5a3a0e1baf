import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { FaultBook } from '../../shared/faults/fault-book';
import { CallStats } from '../../shared/stats/call-stats';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import { StateChangeNotifier } from '../hub/state-change.notifier';
import { MobileNetwork, type ProvisionedLine } from '../network/mobile-network';
import { SimRegister } from '../network/sim-register';
import { OrderLifecycle } from '../orders/order-lifecycle.service';
import { ServiceOrderStore } from '../orders/service-order.store';
import { DonorRegistry } from '../lines/donor-registry';
import { LineEffects } from '../lines/line-effects';
import { LineInventory } from '../lines/line-inventory';
import {
  MnoSettings,
  mnoSettingsSchema,
  type MnoSettingsUpdate,
  type MnoSettingsValues,
} from './mno-settings';

const provisionedQuery = z.object({ iccid: z.string().min(1).optional() });

/** Test and demo controls of the MNO simulator; faults live in the shared `/admin/faults`. */
@ApiTags('admin')
@Controller('admin')
export class MnoAdminController {
  constructor(
    @Inject(MobileNetwork) private readonly network: MobileNetwork,
    @Inject(ServiceOrderStore) private readonly orders: ServiceOrderStore,
    @Inject(OrderLifecycle) private readonly lifecycle: OrderLifecycle,
    @Inject(MnoSettings) private readonly settings: MnoSettings,
    @Inject(FaultBook) private readonly faults: FaultBook,
    @Inject(CallStats) private readonly calls: CallStats,
    @Inject(StateChangeNotifier) private readonly notifier: StateChangeNotifier,
    @Inject(LineInventory) private readonly inventory: LineInventory,
    @Inject(LineEffects) private readonly effects: LineEffects,
    @Inject(DonorRegistry) private readonly donors: DonorRegistry,
    @Inject(SimRegister) private readonly sims: SimRegister,
  ) {}

  @Get('provisioned')
  @ApiOperation({ summary: 'Lines provisioned by completed orders, duplicates flagged' })
  provisioned(
    @Query(new ZodValidationPipe(provisionedQuery, 'query'))
    query: z.infer<typeof provisionedQuery>,
  ): ProvisionedLine[] {
    return this.network.provisioned(query);
  }

  @Get('settings')
  readSettings(): MnoSettingsValues {
    return this.settings.values();
  }

  @Put('settings')
  @ApiOperation({
    summary:
      'Change the completion delay or the port-in decision time of orders received from now on',
  })
  updateSettings(@Body(new ZodValidationPipe(mnoSettingsSchema)) body: MnoSettingsUpdate) {
    return this.settings.update(body);
  }

  @Post('reset')
  @HttpCode(204)
  @ApiOperation({
    summary: "Forget orders, lines, effects, donor accounts, faults and counters (SIMs' data kept)",
  })
  reset(): void {
    this.lifecycle.cancelAll();
    this.orders.clear();
    this.network.clear();
    this.inventory.clear();
    this.effects.clear();
    this.donors.clear();
    this.faults.clear();
    this.sims.clearFaults();
    this.calls.clear();
    this.notifier.resetStats();
  }

  @Get('stats')
  @ApiOperation({ summary: 'Calls per endpoint and outcome, orders per state, notifications' })
  stats() {
    return {
      calls: this.calls.snapshot(),
      orders: this.orders.countByState(),
      provisionedLines: this.network.provisioned().length,
      lines: this.inventory.countByState(),
      notifications: this.notifier.stats(),
    };
  }
}
