import { Module } from '@nestjs/common';
import { BUSINESS_TOPICS } from '@handoff/messaging';
import { BackboneModule } from '@handoff/messaging-nest';

export const AUDIT_LEDGER_TOPICS: readonly string[] = BUSINESS_TOPICS.map((t) => t.name);

@Module({
  imports: [
    BackboneModule.forRoot({
      service: 'audit-ledger',
      consumes: AUDIT_LEDGER_TOPICS,
      produces: [],
    }),
  ],
})
export class AuditLedgerModule {}
