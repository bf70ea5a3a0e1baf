import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadServiceConfig } from '@handoff/config';
import { HealthModule, type HealthHttpOptions } from '@handoff/health';
import { Backbone, Topics } from '@handoff/messaging';
import { BackboneModule, HANDOFF_DATA_SOURCE, runWithApp } from '@handoff/messaging-nest';
import { createLogger, type LogLevel } from '@handoff/observability';
import {
  USAGE_FEED_POINT,
  UsageHousekeeping,
  UsageHousekeepingRunner,
  type UsageIngestionSettings,
} from '@handoff/usage-ingestion';

export const USAGE_SERVICE = 'usage';

export interface UsageServiceModuleOptions {
  ingestion: UsageIngestionSettings;
  health: HealthHttpOptions;
  logLevel?: LogLevel;
  /** Tests move the clock of housekeeping (closing days, recycling limits). */
  now?: () => Date;
}

@Module({})
export class UsageServiceModule {
  static forRoot(options: UsageServiceModuleOptions): DynamicModule {
    return {
      module: UsageServiceModule,
      imports: [
        BackboneModule.forRoot({
          service: USAGE_SERVICE,
          consumes: [Topics.UsageFeed],
          // Aggregates, corrections and rejections for the BSS, on the processed usage topic.
          produces: [Topics.UsageRecords],
          producesAt: USAGE_FEED_POINT,
          logLevel: options.logLevel,
        }),
        HealthModule.forRoot({ serveOn: options.health }),
      ],
      providers: [
        {
          provide: UsageHousekeeping,
          inject: [HANDOFF_DATA_SOURCE, Backbone],
          useFactory: (dataSource: DataSource, backbone: Backbone) =>
            new UsageHousekeeping({
              dataSource,
              settings: options.ingestion,
              writeEvents: (db, events) => backbone.writeToOutbox(db, events),
              written: () => backbone.relay.wake(),
              now: options.now,
            }),
        },
        {
          provide: UsageHousekeepingRunner,
          inject: [UsageHousekeeping],
          useFactory: (housekeeping: UsageHousekeeping) =>
            new UsageHousekeepingRunner(
              housekeeping,
              options.ingestion.housekeepingIntervalMs,
              createLogger({
                name: 'usage.housekeeping',
                level: options.logLevel ?? loadServiceConfig().logLevel,
              }),
            ),
        },
        // Housekeeping runs beside the consumer from the moment the app is up until it stops.
        runWithApp(UsageHousekeepingRunner),
      ],
    };
  }
}
