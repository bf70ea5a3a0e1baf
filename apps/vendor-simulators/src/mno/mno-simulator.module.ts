import { type DynamicModule, Module } from '@nestjs/common';
import { SimulatorCoreModule } from '../shared/simulator-core.module';
import { LineAdminController } from './admin/line-admin.controller';
import { MnoAdminController } from './admin/mno-admin.controller';
import { MnoSettings } from './admin/mno-settings';
import { HubListeners } from './hub/hub-listeners';
import { HubController } from './hub/hub.controller';
import { StateChangeNotifier } from './hub/state-change.notifier';
import { ServiceInventoryController } from './inventory/service-inventory.controller';
import { DonorRegistry } from './lines/donor-registry';
import { LineEffects } from './lines/line-effects';
import { LineInventory } from './lines/line-inventory';
import { MNO_ENDPOINTS, mnoFaultRuleSchema } from './mno-fault-rule.schema';
import { MNO_OPTIONS, type MnoModuleOptions } from './mno-options';
import { MobileNetwork } from './network/mobile-network';
import { SimRegister } from './network/sim-register';
import { SimAdminController } from './admin/sim-admin.controller';
import { OrderLifecycle } from './orders/order-lifecycle.service';
import { OrderWorks } from './orders/order-works';
import { ServiceOrderController } from './orders/service-order.controller';
import { ServiceOrderStore } from './orders/service-order.store';
import { tmfErrorBody } from './tmf/tmf-error';

/** The MNO simulator: TMF641 service ordering, TMF638 service inventory, the hub, the admin API. */
@Module({})
export class MnoSimulatorModule {
  static forRoot(options: MnoModuleOptions): DynamicModule {
    return {
      module: MnoSimulatorModule,
      imports: [
        SimulatorCoreModule.forRoot({
          logger: options.logger,
          endpoints: MNO_ENDPOINTS,
          faultRule: mnoFaultRuleSchema,
          initialFaults: options.faults,
          errorBody: tmfErrorBody,
        }),
      ],
      controllers: [
        ServiceOrderController,
        ServiceInventoryController,
        HubController,
        MnoAdminController,
        LineAdminController,
        SimAdminController,
      ],
      providers: [
        { provide: MNO_OPTIONS, useValue: options },
        MnoSettings,
        ServiceOrderStore,
        SimRegister,
        MobileNetwork,
        LineEffects,
        LineInventory,
        DonorRegistry,
        OrderWorks,
        HubListeners,
        StateChangeNotifier,
        OrderLifecycle,
      ],
    };
  }
}
