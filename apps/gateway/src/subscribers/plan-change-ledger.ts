import type { EntityManager } from 'typeorm';
import { recordLedger } from '@handoff/audit';
import { DEALER_INTEGRATION_POINT, GATEWAY_ACTOR } from '../gateway.constants';
import type { DealerPlanChange } from './plan-changes.store';

/** The first handoff of a plan change's trail: the dealer's request, accepted by the gateway. */
export async function recordPlanChangeIntake(
  manager: EntityManager,
  change: DealerPlanChange,
  ownerTeam: string,
  eventType: string,
): Promise<void> {
  await recordLedger(manager, [
    {
      occurredAt: change.requestedAt,
      correlationId: change.correlationId,
      eventId: change.correlationId,
      eventType,
      kind: 'http-request',
      actor: GATEWAY_ACTOR,
      integrationPoint: DEALER_INTEGRATION_POINT,
      ownerTeam,
      subject: change.subscriberId,
      summary: {
        request: 'POST /v1/subscribers/{id}/plan-change',
        requestId: change.requestId,
        dealerId: change.dealerId,
        planCode: change.planCode,
        idempotencyKey: change.idempotencyKey,
      },
      outcome: 'accepted',
      httpStatus: 202,
    },
  ]);
}
