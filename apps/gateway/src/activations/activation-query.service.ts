import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { readTrace, type LedgerRow } from '@handoff/audit';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { assignedSubscriberId } from '@handoff/activation-requests';
import {
  ActivationRepository,
  listDealerActivations,
  type ActivationStatus,
} from '@handoff/activation-saga';
import { maskIccid } from '@handoff/observability';
import { encodeCursor } from './list-cursor';
import type { ListParams } from './list-params';

export interface TimelineEntry {
  at: string;
  kind: string;
  integrationPoint: string;
  ownerTeam: string;
  outcome: string;
  eventType?: string;
}

/** An activation as a list shows it: everything but its trail. */
export interface ActivationSummary {
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
}

export interface ActivationView extends ActivationSummary {
  timeline: TimelineEntry[];
}

export interface ActivationList {
  items: ActivationSummary[];
  /** The cursor of the next page and its link; absent on the last page. */
  nextCursor?: string;
  next?: string;
}

function timelineEntry(row: LedgerRow): TimelineEntry {
  const { kind, integrationPoint, ownerTeam, outcome, eventType } = row;
  const entry = { at: row.occurredAt.toISOString(), kind, integrationPoint, ownerTeam, outcome };
  return eventType ? { ...entry, eventType } : entry;
}

function summaryOf(row: ActivationStatus): ActivationSummary {
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
  };
}

const viewOf = (row: ActivationStatus, trace: LedgerRow[]): ActivationView => ({
  ...summaryOf(row),
  timeline: trace.map(timelineEntry),
});

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

  /** A page of the dealer's own activations, newest first, with the link to the next one. */
  async listForDealer(dealerId: string, params: ListParams): Promise<ActivationList> {
    const { filter, limit, after, query } = params;
    const page = await listDealerActivations(this.db, dealerId, filter, { limit, after });
    const items = page.items.map(summaryOf);
    if (!page.next) return { items };
    const nextCursor = encodeCursor(page.next);
    const search = new URLSearchParams({ ...query, limit: String(limit), cursor: nextCursor });
    return { items, nextCursor, next: `/v1/activations?${search.toString()}` };
  }
}
