import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { DestinationStream } from 'pino';
import { ACCESS_DATA_SOURCE, AuthFailures, DealerAuthGuard } from '@handoff/access';
import { Topics } from '@handoff/messaging';
import { BackboneModule, HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { HealthModule } from '@handoff/health';
import { ObservabilityModule, type LogLevel } from '@handoff/observability';
import { PortInSecretStore } from '@handoff/port-in-secrets';
import { ActivationIntake } from './activations/activation-intake.service';
import { ActivationQuery } from './activations/activation-query.service';
import { ActivationsController } from './activations/activations.controller';
import { DealerOwnership } from './activations/dealer-ownership';
import { CountersController } from './health/counters.controller';
import { HealthController } from './health/health.controller';
import { DealerRateLimitGuard } from './rate-limit/dealer-rate-limit.guard';
import { RateLimitRejections } from './rate-limit/rate-limit-rejections';
import { PlanChangeController } from './subscribers/plan-change.controller';
import { PlanChangeIntake } from './subscribers/plan-change-intake.service';
import { PlanChangeQuery } from './subscribers/plan-change-query.service';

export interface GatewayModuleOptions {
  logLevel: LogLevel;
  rateLimitPerMinute: number;
  /** Where request logs go; stdout unless given (tests read the lines). */
  logDestination?: DestinationStream;
  /** How long a request's port-in secrets are kept before they expire. */
  portInSecretTtlMs: number;
}

/** The dealer gateway: it produces activation and plan change requests and consumes nothing. */
@Module({})
export class GatewayModule {
  static forRoot(options: GatewayModuleOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot({
          name: 'gateway',
          level: options.logLevel,
          destination: options.logDestination,
        }),
        BackboneModule.forRoot({
          service: 'gateway',
          consumes: [],
          produces: [Topics.SubscriberLifecycle],
          producesAt: 'dealer-portal-to-handoff',
          logLevel: options.logLevel,
        }),
        HealthModule.forRoot({ http: true }),
        // In this instance's memory: a second gateway counts its own (decision 23).
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: options.rateLimitPerMinute }],
        }),
      ],
      controllers: [
        ActivationsController,
        PlanChangeController,
        HealthController,
        CountersController,
      ],
      providers: [
        { provide: ACCESS_DATA_SOURCE, useExisting: HANDOFF_DATA_SOURCE },
        AuthFailures,
        DealerAuthGuard,
        RateLimitRejections,
        DealerRateLimitGuard,
        DealerOwnership,
        { provide: PortInSecretStore, useValue: new PortInSecretStore(options.portInSecretTtlMs) },
        ActivationIntake,
        ActivationQuery,
        PlanChangeQuery,
        PlanChangeIntake,
      ],
    };
  }
}
