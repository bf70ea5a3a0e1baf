import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { readTrace, type LedgerRow } from '@handoff/audit';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { assignedSubscriberId } from '@handoff/activation-requests';
import { ActivationRepository, type ActivationStatus } from '@handoff/activation-saga';
import { maskIccid } from '@handoff/observability';

export interface TimelineEntry {
  at: string;
  kind: string;
  integrationPoint: string;
  ownerTeam: string;
  outcome: string;
  eventType?: string;
}

export interface ActivationView {
  activationId: string;
  /** Assigned at intake; the key of every event of this line. */
  subscriberId: string;
  correlationId: string;
  state: string;
  step: string;
  iccid: string;
  planCode: string;
  requestedAt: string;
  updatedAt: string;
  reason?: { code: string; message: string | null; ownerTeam: string | null };
  timeline: TimelineEntry[];
}

function timelineEntry(row: LedgerRow): TimelineEntry {
  const { kind, integrationPoint, ownerTeam, outcome, eventType } = row;
  const entry = { at: row.occurredAt.toISOString(), kind, integrationPoint, ownerTeam, outcome };
  return eventType ? { ...entry, eventType } : entry;
}

function viewOf(row: ActivationStatus, trace: LedgerRow[]): ActivationView {
  return {
    activationId: row.activationId,
    // Rows from before subscriber keys have none stored; the gateway derives it the same way.
    subscriberId: row.subscriberId ?? assignedSubscriberId(row.activationId),
    correlationId: row.correlationId,
    state: row.state,
    step: row.step,
    iccid: maskIccid(row.iccid),
    planCode: row.planCode,
    requestedAt: row.requestedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(row.reasonCode
      ? { reason: { code: row.reasonCode, message: row.reasonMessage, ownerTeam: row.ownerTeam } }
      : {}),
    timeline: trace.map(timelineEntry),
  };
}

/** What a dealer sees of one of its activations: the saga's state and the ledger's trail. */
@Injectable()
export class ActivationQuery {
  /** The saga's lib owns the activations table; the gateway reads it through it. */
  private readonly activations = new ActivationRepository();

  constructor(@Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource) {}

  async forDealer(dealerId: string, activationId: string): Promise<ActivationView | undefined> {
    const row = await this.activations.findForDealer(this.db, dealerId, activationId);
    return row ? viewOf(row, await readTrace(this.db, row.correlationId)) : undefined;
  }
}
