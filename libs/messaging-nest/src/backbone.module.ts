import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadInfraConfig, loadSchemaRegistryConfig, loadServiceConfig } from '@handoff/config';
import { Backbone } from '@handoff/messaging';
import { createLogger, flushTracing, handoffTracer, type LogLevel } from '@handoff/observability';
import { loadOwnershipMatrix, type OwnershipMatrix } from '@handoff/ownership';
import { createDataSource, type PersistenceExtras } from '@handoff/persistence';
import { prometheusConsumerMetrics, watchOutbox } from './backbone-metrics';
import { ownershipLookup } from './ownership-lookup';
import { createSchemaSource } from './schema-source.factory';

export interface BackboneModuleOptions {
  /** Service name: the CloudEvents source (`handoff/<service>`) and the name in ownership errors. */
  service: string;
  /** Topics this service consumes and produces; each must be owned in ownership.yaml or the service stops. */
  consumes: readonly string[];
  produces: readonly string[];
  vendors?: readonly string[];
  /** The integration point this service's events cross (see BackboneOptions.producesAt). */
  producesAt?: string;
  persistence?: PersistenceExtras;
  /** Overrides LOG_LEVEL. */
  logLevel?: LogLevel;
  /** Another ownership file (tests); `<repo>/ownership.yaml` by default. */
  ownershipFile?: string;
}

export const HANDOFF_DATA_SOURCE = Symbol('HANDOFF_DATA_SOURCE');
export const OWNERSHIP_MATRIX = Symbol('OWNERSHIP_MATRIX');

/** Starts the outbox relay with the app and closes consumers, relay, producer, then the database, in that order. */
class BackboneLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(Backbone) private readonly backbone: Backbone,
    @Inject(HANDOFF_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.backbone.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.backbone.close();
    await this.dataSource.destroy();
    // The spans of the last records handled are exported before the process ends.
    await flushTracing();
  }
}

/** The messaging backbone of one service, validated against the ownership matrix at start-up. */
@Module({})
export class BackboneModule {
  static forRoot(options: BackboneModuleOptions): DynamicModule {
    return {
      module: BackboneModule,
      global: true,
      providers: [
        {
          provide: OWNERSHIP_MATRIX,
          useFactory: (): OwnershipMatrix => {
            const matrix = loadOwnershipMatrix(options.ownershipFile);
            matrix.assertOwned({
              service: options.service,
              consumes: [...options.consumes],
              produces: [...options.produces],
              vendors: [...(options.vendors ?? [])],
            });
            return matrix;
          },
        },
        {
          provide: HANDOFF_DATA_SOURCE,
          // Depends on the matrix so an unowned topic stops the service before it connects anywhere.
          inject: [OWNERSHIP_MATRIX],
          useFactory: () =>
            createDataSource(loadInfraConfig().databaseUrl, {
              ...options.persistence,
              poolSize: loadServiceConfig().databasePoolSize,
            }).initialize(),
        },
        {
          provide: Backbone,
          inject: [OWNERSHIP_MATRIX, HANDOFF_DATA_SOURCE],
          useFactory: async (matrix: OwnershipMatrix, dataSource: DataSource) => {
            const log = createLogger({
              name: options.service,
              level: options.logLevel ?? loadServiceConfig().logLevel,
            });
            const backbone = new Backbone({
              service: `handoff/${options.service}`,
              kafka: loadInfraConfig().kafka,
              dataSource,
              schemas: await createSchemaSource(loadSchemaRegistryConfig(), log),
              ownership: ownershipLookup(matrix),
              producesAt: options.producesAt,
              tracer: handoffTracer(),
              log: {
                info: (fields, message) => log.info(fields, message),
                warn: (fields, message) => log.warn(fields, message),
                error: (fields, message) => log.error(fields, message),
              },
              metrics: prometheusConsumerMetrics(),
            });
            watchOutbox(backbone);
            return backbone;
          },
        },
        BackboneLifecycle,
      ],
      exports: [Backbone, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX],
    };
  }
}
