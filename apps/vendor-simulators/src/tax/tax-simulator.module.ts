import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@handoff/observability';
import type { FaultRule } from '../shared/faults/fault-rule.schema';
import { SimulatorCoreModule } from '../shared/simulator-core.module';
import { TaxAdminController } from './admin/tax-admin.controller';
import { TaxDocumentStore } from './documents/tax-document.store';
import { TaxDocumentsController } from './documents/tax-documents.controller';
import { TaxDocumentsService } from './documents/tax-documents.service';
import { JurisdictionCatalog } from './jurisdictions/jurisdiction-catalog';
import { JurisdictionsController } from './jurisdictions/jurisdictions.controller';
import { taxErrorBody } from './tax-error';
import { TAX_ENDPOINTS, taxFaultRuleSchema } from './tax-fault-rule.schema';

export interface TaxModuleOptions {
  logger: Logger;
  faults: readonly FaultRule[];
}

/** The tax engine simulator: communications tax documents, geocoding, and its admin API. */
@Module({})
export class TaxSimulatorModule {
  static forRoot(options: TaxModuleOptions): DynamicModule {
    return {
      module: TaxSimulatorModule,
      imports: [
        SimulatorCoreModule.forRoot({
          logger: options.logger,
          endpoints: TAX_ENDPOINTS,
          faultRule: taxFaultRuleSchema,
          initialFaults: options.faults,
          errorBody: taxErrorBody,
        }),
      ],
      controllers: [TaxDocumentsController, JurisdictionsController, TaxAdminController],
      providers: [TaxDocumentStore, TaxDocumentsService, JurisdictionCatalog],
    };
  }
}
