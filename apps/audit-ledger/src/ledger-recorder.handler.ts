import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { recordLedger, type LedgerEntry } from '@handoff/audit';
import { EventTypes } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { HandoffRpcContext } from '@handoff/messaging-nest';
import { ledgerSummary } from './ledger-summary';

/**
 * Records every event on the business topics as a ledger row. The transport dispatches by exact
 * `ce_type`, so the one method is registered under every event type of the contracts; the row is
 * written in the handling's transaction, so it commits with the inbox row and a redelivery adds
 * nothing.
 */
@Controller()
export class LedgerRecorderHandler {
  @EventPattern(Object.values(EventTypes))
  async onEvent(@Payload() data: unknown, @Ctx() ctx: HandoffRpcContext): Promise<void> {
    const manager = await ctx.handling.transaction();
    await recordLedger(manager, [publishedEntry(ctx.envelope, data)]);
  }
}

function publishedEntry(e: EventEnvelope, data: unknown): LedgerEntry {
  return {
    occurredAt: new Date(e.time),
    correlationId: e.correlationId,
    causationId: e.causationId,
    eventId: e.id,
    eventType: e.type,
    kind: 'event-published',
    actor: e.source,
    integrationPoint: e.integrationPoint || 'unknown',
    ownerTeam: e.ownerTeam || 'unknown',
    subject: e.subject,
    summary: ledgerSummary(data),
    outcome: 'ok',
  };
}
