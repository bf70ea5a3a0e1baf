import { randomUUID } from 'node:crypto';
import { EventTypes, type SubscriberPlanChangeRequested } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { DealerPlanChange } from './plan-changes.store';

/**
 * A dealer's plan change as the record the gateway keeps and the event it publishes. The event's
 * id is the request's correlation id; it is keyed by the subscriber id, so it takes its place in
 * the line's order behind the activation and any earlier request (decision 6).
 */
export function dealerPlanChange(
  ask: { dealerId: string; subscriberId: string; planCode: string; idempotencyKey?: string },
  requestHash: string,
  now: Date,
): { change: DealerPlanChange; event: NewEvent<SubscriberPlanChangeRequested> } {
  const change: DealerPlanChange = {
    requestId: `pc-${randomUUID()}`,
    dealerId: ask.dealerId,
    subscriberId: ask.subscriberId,
    planCode: ask.planCode,
    correlationId: randomUUID(),
    idempotencyKey: ask.idempotencyKey ?? null,
    requestHash,
    requestedAt: now,
  };
  const data: SubscriberPlanChangeRequested = {
    subjectId: change.subscriberId,
    requestId: change.requestId,
    subscriberId: change.subscriberId,
    planCode: change.planCode,
    dealerId: change.dealerId,
    requestedAt: now.getTime(),
  };
  const event = {
    id: change.correlationId,
    type: EventTypes.SubscriberPlanChangeRequested,
    subject: change.subscriberId,
    data,
  };
  return { change, event };
}
