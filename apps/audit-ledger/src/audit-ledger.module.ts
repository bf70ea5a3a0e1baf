import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, type HealthHttpOptions } from '@handoff/health';
import { BUSINESS_TOPICS } from '@handoff/messaging';
import { BackboneModule } from '@handoff/messaging-nest';

export const AUDIT_LEDGER_TOPICS: readonly string[] = BUSINESS_TOPICS.map((t) => t.name);

@Module({})
export class AuditLedgerModule {
  /** `health`: the small port of its health endpoints (AUDIT_LEDGER_PORT). */
  static forRoot(health: HealthHttpOptions): DynamicModule {
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
    };
  }
}
