import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, type HealthHttpOptions } from '@handoff/health';
import { BUSINESS_TOPICS } from '@handoff/messaging';
import { BackboneModule } from '@handoff/messaging-nest';
import {
  loadLedgerMaintenanceSettings,
  type LedgerMaintenanceSettings,
} from './audit-ledger.config';
import { LEDGER_MAINTENANCE, LedgerPartitionKeeper } from './ledger-partition.keeper';

export const AUDIT_LEDGER_TOPICS: readonly string[] = BUSINESS_TOPICS.map((t) => t.name);

@Module({})
export class AuditLedgerModule {
  /**
   * `health`: the small port of its health endpoints (AUDIT_LEDGER_PORT); `maintenance`: the
   * ledger's retention and how often its partitions are kept (from the environment unless given).
   */
  static forRoot(
    health: HealthHttpOptions,
    maintenance: LedgerMaintenanceSettings = loadLedgerMaintenanceSettings(),
  ): DynamicModule {
    return {
      module: AuditLedgerModule,
      imports: [
        BackboneModule.forRoot({
          service: 'audit-ledger',
          consumes: AUDIT_LEDGER_TOPICS,
          produces: [],
        }),
        HealthModule.forRoot({ serveOn: health }),
      ],
      providers: [{ provide: LEDGER_MAINTENANCE, useValue: maintenance }, LedgerPartitionKeeper],
    };
  }
}
