import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LineRepository } from '@handoff/activation-saga';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { dealersPlanChange, type DealerPlanChange } from './plan-changes.store';

/** `acknowledged` until the orchestrator takes the request up, then the line request's state. */
export type PlanChangeState = 'acknowledged' | 'inProgress' | 'completed' | 'failed' | 'rejected';

export interface PlanChangeView {
  requestId: string;
  subscriberId: string;
  planCode: string;
  state: PlanChangeState;
  correlationId: string;
  requestedAt: string;
  reason?: { code: string };
}

/** Where a dealer's plan change stands: the gateway's record, and the line's request once there is one. */
@Injectable()
export class PlanChangeQuery {
  /** The saga's lib owns `line_requests`; the gateway reads the request's outcome through it. */
  private readonly lines = new LineRepository();

  constructor(@Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource) {}

  async forDealer(
    dealerId: string,
    subscriberId: string,
    requestId: string,
  ): Promise<PlanChangeView | undefined> {
    const change = await dealersPlanChange(this.db, dealerId, subscriberId, requestId);
    return change && this.viewOf(change);
  }

  async viewOf(change: DealerPlanChange): Promise<PlanChangeView> {
    const { requestId, subscriberId, planCode, correlationId } = change;
    const taken = await this.lines.findRequest(this.db.manager, { subscriberId, requestId });
    const view: PlanChangeView = {
      requestId,
      subscriberId,
      planCode,
      state: taken?.state ?? 'acknowledged',
      correlationId,
      requestedAt: change.requestedAt.toISOString(),
    };
    return taken?.reasonCode ? { ...view, reason: { code: taken.reasonCode } } : view;
  }
}
