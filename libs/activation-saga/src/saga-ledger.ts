import type { LedgerEntry } from '@handoff/audit';
import type { EventEnvelope } from '@handoff/messaging';

/** Builds the saga's ledger rows: every event consumed, every step outcome, every vendor call. */
export class SagaLedger {
  constructor(
    private readonly actor: string,
    private readonly teamOf: (integrationPointId: string) => string,
  ) {}

  ownerTeam(integrationPointId: string): string {
    return this.teamOf(integrationPointId);
  }

  consumed(e: EventEnvelope): LedgerEntry {
    return {
      ...this.base(e),
      eventId: e.id,
      eventType: e.type,
      kind: 'event-consumed',
      integrationPoint: e.integrationPoint,
      ownerTeam: e.ownerTeam,
      outcome: 'ok',
    };
  }

  outcome(
    e: EventEnvelope,
    step: string,
    outcome: string,
    summary: Record<string, unknown>,
    /** The point that owns this outcome when it is not the default's (a SIM refused: fulfilment). */
    owner?: string,
  ): LedgerEntry {
    const point = owner ?? (outcome === 'rejected' ? 'dealer-portal-to-handoff' : 'handoff-to-bss');
    return {
      ...this.base(e),
      kind: 'saga-step',
      integrationPoint: point,
      ownerTeam: this.teamOf(point),
      summary: { step, ...summary },
      outcome,
    };
  }

  vendorCall(
    e: EventEnvelope,
    operation: string,
    attempt: number,
    latencyMs: number,
    outcome: string,
    orderId?: string,
    errorCode?: string,
    integrationPoint = 'handoff-to-mno',
  ): LedgerEntry {
    return {
      ...this.base(e),
      kind: 'vendor-call',
      integrationPoint,
      ownerTeam: this.teamOf(integrationPoint),
      summary: { operation, orderId, errorCode },
      outcome,
      latencyMs,
      attempt,
    };
  }

  private base(e: EventEnvelope) {
    return {
      occurredAt: new Date(),
      correlationId: e.correlationId,
      causationId: e.id,
      actor: this.actor,
      subject: e.subject,
    };
  }
}
