import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ACCESS_DATA_SOURCE, AuthFailures } from '@handoff/access';
import { ActivationRedriver } from '@handoff/activation-saga';
import { loadServiceConfig } from '@handoff/config';
import { DeadLetterOps } from '@handoff/dead-letters';
import { Backbone } from '@handoff/messaging';
import { BackboneModule, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import { ObservabilityModule } from '@handoff/observability';
import type { OwnershipMatrix } from '@handoff/ownership';
import { ActivationsController } from './http/activations.controller';
import { DeadLettersController } from './http/dead-letters.controller';
import { OpsCountersController } from './http/counters.controller';
import { TraceController } from './http/trace.controller';
import { activationRedriver, OPS_SERVICE, opsConsumes, opsProduces } from './ops-integrations';
import { REPLAY_VENDOR_CALLS } from './replay-vendor-calls';

@Module({
  imports: [
    ObservabilityModule.forRoot({ name: OPS_SERVICE, level: loadServiceConfig().logLevel }),
    BackboneModule.forRoot({
      service: OPS_SERVICE,
      consumes: opsConsumes(),
      produces: opsProduces(),
    }),
  ],
  controllers: [
    DeadLettersController,
    ActivationsController,
    TraceController,
    OpsCountersController,
  ],
  providers: [
    { provide: ACCESS_DATA_SOURCE, useExisting: HANDOFF_DATA_SOURCE },
    AuthFailures,
    {
      provide: DeadLetterOps,
      inject: [Backbone, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX],
      useFactory: (backbone: Backbone, dataSource: DataSource, ownership: OwnershipMatrix) =>
        new DeadLetterOps({ backbone, dataSource, ownership, vendorCalls: REPLAY_VENDOR_CALLS }),
    },
    {
      provide: ActivationRedriver,
      inject: [Backbone, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX],
      useFactory: activationRedriver,
    },
  ],
})
export class OpsModule {}
