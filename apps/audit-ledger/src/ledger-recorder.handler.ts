import { recordLedger, type LedgerEntry } from '@handoff/audit';
import type { BatchHandler, EventEnvelope } from '@handoff/messaging';
import { ledgerSummary } from './ledger-summary';

/**
 * Records every event on the business topics as a ledger row: a fetched batch at a time, in one
 * multi-row insert in the batch's transaction, so the rows commit with the inbox rows and a
 * redelivery adds nothing (the ledger is the highest-volume consumer besides usage).
 */
export const recordPublishedEvents: BatchHandler = async (envelopes, ctx) => {
  await recordLedger(
    await ctx.transaction(),
    envelopes.map((e) => publishedEntry(e)),
  );
};

function publishedEntry(e: EventEnvelope): LedgerEntry {
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
    summary: ledgerSummary(e.data),
    outcome: 'ok',
  };
}
