import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ACCESS_DATA_SOURCE, AuthFailures } from '@handoff/access';
import { ActivationRedriver } from '@handoff/activation-saga';
import { loadServiceConfig } from '@handoff/config';
import { DeadLetterOps } from '@handoff/dead-letters';
import { HealthModule } from '@handoff/health';
import { lastDays } from '@handoff/kpis';
import { Backbone } from '@handoff/messaging';
import { BackboneModule, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import { ObservabilityModule } from '@handoff/observability';
import type { OwnershipMatrix } from '@handoff/ownership';
import { loadTaxEngineConfig, TaxEngineAxiosAdapter } from '@handoff/tax-engine';
import { CareController } from './care/care.controller';
import { CARE_PROVIDERS } from './care/care.providers';
import { ActivationsController } from './http/activations.controller';
import { DeadLettersController } from './http/dead-letters.controller';
import { KpisController } from './http/kpis.controller';
import { OpsCountersController } from './http/counters.controller';
import { ReviewController } from './http/review.controller';
import { SlaController } from './http/sla.controller';
import { TaxCoverageController, TaxEngineLifecycle } from './http/tax-coverage.controller';
import { TraceController } from './http/trace.controller';
import { UsageReconciliationController } from './http/usage-reconciliation.controller';
import { MAP_WINDOW_MS, MapController, MapPageController } from './map/map.controller';
import { exposeKpiMetrics, exposeReconciliationMetric } from './kpis/kpi-metrics';
import { opsKpis, type OpsKpis } from './kpis/ops-kpis';
import { cachedFor } from './cached-for';
import {
  OPEN_DEAD_LETTERS,
  openDeadLetterReader,
  type OpenDeadLetterReader,
} from './kpis/open-dead-letters';
import { MapSignalsReader } from './map/map-signals.reader';
import { loadOpsConfig } from './ops.config';
import {
  activationRedriver,
  opsDiscardGuard,
  OPS_SERVICE,
  opsConsumes,
  opsProduces,
  opsVendors,
} from './ops-integrations';
import { OPERATIONAL_TRUTH_PROVIDERS } from './operational-truth.providers';
import { REPLAY_VENDOR_CALLS } from './replay-vendor-calls';
import { loadSalesFootprint } from './tax-coverage/sales-footprint';
import { TaxCoverageCheck } from './tax-coverage/tax-coverage.check';

@Module({
  imports: [
    ObservabilityModule.forRoot({ name: OPS_SERVICE, level: loadServiceConfig().logLevel }),
    BackboneModule.forRoot({
      service: OPS_SERVICE,
      consumes: opsConsumes(),
      produces: opsProduces(),
      vendors: opsVendors(),
    }),
    HealthModule.forRoot({ http: true }),
  ],
  controllers: [
    DeadLettersController,
    ActivationsController,
    TraceController,
    OpsCountersController,
    TaxCoverageController,
    MapPageController,
    MapController,
    KpisController,
    UsageReconciliationController,
    SlaController,
    ReviewController,
    CareController,
  ],
  providers: [
    { provide: ACCESS_DATA_SOURCE, useExisting: HANDOFF_DATA_SOURCE },
    AuthFailures,
    {
      provide: DeadLetterOps,
      inject: [Backbone, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX],
      useFactory: (backbone: Backbone, dataSource: DataSource, ownership: OwnershipMatrix) =>
        new DeadLetterOps({
          backbone,
          dataSource,
          ownership,
          vendorCalls: REPLAY_VENDOR_CALLS,
          refuseDiscard: opsDiscardGuard(),
        }),
    },
    {
      provide: ActivationRedriver,
      inject: [Backbone, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX],
      useFactory: activationRedriver,
    },
    {
      provide: TaxEngineAxiosAdapter,
      useFactory: () => new TaxEngineAxiosAdapter(loadTaxEngineConfig(process.env)),
    },
    TaxEngineLifecycle,
    { provide: MAP_WINDOW_MS, useFactory: () => loadOpsConfig().mapWindowMs },
    {
      provide: OPEN_DEAD_LETTERS,
      inject: [DeadLetterOps],
      useFactory: (deadLetters: DeadLetterOps) => openDeadLetterReader(deadLetters),
    },
    {
      provide: MapSignalsReader,
      inject: [HANDOFF_DATA_SOURCE, OPEN_DEAD_LETTERS, MAP_WINDOW_MS],
      useFactory: (db: DataSource, openDeadLetters: OpenDeadLetterReader, windowMs: number) => {
        const reader = new MapSignalsReader(
          db,
          openDeadLetters,
          windowMs,
          loadOpsConfig().unbilledAfterDays,
        );
        exposeKpiMetrics(weekKpisForMetrics(db, openDeadLetters));
        exposeReconciliationMetric(db);
        return reader;
      },
    },
    {
      provide: TaxCoverageCheck,
      inject: [TaxEngineAxiosAdapter, OWNERSHIP_MATRIX],
      // The footprint is read here, at start-up: an invalid one stops the API from starting.
      useFactory: (engine: TaxEngineAxiosAdapter, ownership: OwnershipMatrix) =>
        new TaxCoverageCheck(
          loadSalesFootprint(loadOpsConfig().salesFootprintPath),
          engine,
          ownership,
        ),
    },
    ...OPERATIONAL_TRUTH_PROVIDERS,
    ...CARE_PROVIDERS,
  ],
})
export class OpsModule {}

/** A scrape reads the last seven days' KPIs at most every 30 s, whoever scrapes how often. */
function weekKpisForMetrics(
  db: DataSource,
  openDeadLetters: OpenDeadLetterReader,
): () => Promise<OpsKpis> {
  const { unbilledAfterDays } = loadOpsConfig();
  return cachedFor(30_000, () =>
    opsKpis(db, openDeadLetters, lastDays(7, new Date()), unbilledAfterDays),
  );
}
