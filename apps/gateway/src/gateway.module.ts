import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_DATA_SOURCE, DealerAuthGuard } from '@handoff/access';
import { Topics } from '@handoff/messaging';
import { BackboneModule, HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { ObservabilityModule, type LogLevel } from '@handoff/observability';
import { ActivationIntake } from './activations/activation-intake.service';
import { ActivationQuery } from './activations/activation-query.service';
import { ActivationsController } from './activations/activations.controller';
import { DealerOwnership } from './activations/dealer-ownership';
import { HealthController } from './health/health.controller';

export interface GatewayModuleOptions {
  logLevel: LogLevel;
}

/** The dealer gateway: it produces activation requests and consumes nothing. */
@Module({})
export class GatewayModule {
  static forRoot(options: GatewayModuleOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot({ name: 'gateway', level: options.logLevel }),
        BackboneModule.forRoot({
          service: 'gateway',
          consumes: [],
          produces: [Topics.SubscriberLifecycle],
          producesAt: 'dealer-portal-to-handoff',
          logLevel: options.logLevel,
        }),
      ],
      controllers: [ActivationsController, HealthController],
      providers: [
        { provide: ACCESS_DATA_SOURCE, useExisting: HANDOFF_DATA_SOURCE },
        DealerAuthGuard,
        DealerOwnership,
        ActivationIntake,
        ActivationQuery,
      ],
    };
  }
}
