import { randomUUID } from 'node:crypto';
import {
  EventTypes,
  type SimSwapRequested,
  type SubscriberDeactivationRequested,
  type SubscriberPlanChangeRequested,
  type SubscriberResumptionRequested,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { LineEffectSeen, MnoSimulatorAdmin } from './mno-simulator-client';

const request = (subscriberId: string) => ({
  subjectId: subscriberId,
  requestId: `req-${randomUUID()}`,
  subscriberId,
  requestedAt: Date.now(),
});

/** The BSS's lifecycle requests, keyed by the subscriber id as it publishes them. */
export function bssResumption(subscriberId: string): NewEvent<SubscriberResumptionRequested> {
  const data = request(subscriberId);
  return { type: EventTypes.SubscriberResumptionRequested, subject: subscriberId, data };
}

export function bssPlanChange(
  subscriberId: string,
  planCode: string,
): NewEvent<SubscriberPlanChangeRequested> {
  const data = { ...request(subscriberId), planCode, dealerId: null };
  return { type: EventTypes.SubscriberPlanChangeRequested, subject: subscriberId, data };
}

export function bssDeactivation(subscriberId: string): NewEvent<SubscriberDeactivationRequested> {
  const data = { ...request(subscriberId), reasonCode: 'CUSTOMER_REQUEST' };
  return { type: EventTypes.SubscriberDeactivationRequested, subject: subscriberId, data };
}

export function bssSimSwap(
  subscriberId: string,
  oldIccid: string,
  newIccid: string,
): NewEvent<SimSwapRequested> {
  const data = { ...request(subscriberId), oldIccid, newIccid, reasonCode: 'DAMAGED' };
  return { type: EventTypes.SimSwapRequested, subject: subscriberId, data };
}

/** The changes the MNO applied to the line its activation created, in the order it applied them. */
export async function effectsOnLine(
  mno: MnoSimulatorAdmin,
  activationId: string,
): Promise<LineEffectSeen[]> {
  const effects = await mno.effects();
  const activated = effects.find((e) => e.kind === 'activated' && e.externalId === activationId);
  return activated ? effects.filter((e) => e.lineId === activated.lineId) : [];
}
