import { type DynamicModule, Module } from '@nestjs/common';
import { SimulatorCoreModule } from '../shared/simulator-core.module';
import { MnoAdminController } from './admin/mno-admin.controller';
import { MnoSettings } from './admin/mno-settings';
import { HubListeners } from './hub/hub-listeners';
import { HubController } from './hub/hub.controller';
import { StateChangeNotifier } from './hub/state-change.notifier';
import { MNO_ENDPOINTS, mnoFaultRuleSchema } from './mno-fault-rule.schema';
import { MNO_OPTIONS, type MnoModuleOptions } from './mno-options';
import { MobileNetwork } from './network/mobile-network';
import { OrderLifecycle } from './orders/order-lifecycle.service';
import { ServiceOrderController } from './orders/service-order.controller';
import { ServiceOrderStore } from './orders/service-order.store';
import { tmfErrorBody } from './tmf/tmf-error';

/** The MNO simulator: TMF641 service ordering, its notification hub, and its admin API. */
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
      controllers: [ServiceOrderController, HubController, MnoAdminController],
      providers: [
        { provide: MNO_OPTIONS, useValue: options },
        MnoSettings,
        ServiceOrderStore,
        MobileNetwork,
        HubListeners,
        StateChangeNotifier,
        OrderLifecycle,
      ],
    };
  }
}
