import {
  EventTypes,
  type SimSwapped,
  type SimSwapRequested,
  type SubscriberDeactivated,
  type SubscriberDeactivationRequested,
  type SubscriberPlanChanged,
  type SubscriberPlanChangeRequested,
  type SubscriberResumed,
  type SubscriberResumptionRequested,
  type SubscriberSuspended,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { LineChange, SuspendReason } from '@handoff/mno-provisioning';
import type { SimRefusal } from '@handoff/sim-inventory';
import type { Line, SuspensionReason } from './line';
import type { RequestedKind } from './line-events';
import type { LineRequest } from './line-transitions';

/** What the rules need looked up in the database, asked only by the kinds that need it. */
export interface LineFacts {
  planInCatalogue(planCode: string): Promise<boolean>;
  iccidBoundElsewhere(iccid: string): Promise<boolean>;
  /** Why the SIM inventory refuses a SIM for a swap (undefined: it does not, or the checks are off). */
  simRefusal(iccid: string): Promise<SimRefusal | undefined>;
}

/** Which line a request names: its subscriber id, or (for old requests) the ICCID it was keyed by. */
export interface NamedLine {
  subscriberId: string;
  legacyIccid?: string;
}

/** What every lifecycle request carries. */
export interface LineRequestEvent {
  requestId: string;
  requestedAt: number;
}

/** A request kind that places one MNO order: how to read it, what to order, what to announce. */
export interface LineOrderKind<T extends LineRequestEvent> {
  kind: Exclude<RequestedKind, 'portIn'>;
  named(request: T): NamedLine;
  rule(request: T, facts: LineFacts): Promise<LineRequest>;
  change(request: T): LineChange;
  /** The success outcome, from the line before the order completed and after. */
  succeeded(request: T, before: Line, after: Line, orderId: string): NewEvent;
}

const MNO_REASON: Record<SuspensionReason, SuspendReason> = {
  NON_PAYMENT: 'nonPayment',
  CUSTOMER_REQUEST: 'customerRequest',
  FRAUD: 'fraud',
  LOST_SIM: 'lostSim',
};

type Ids = 'subjectId' | 'requestId' | 'subscriberId';

/** An outcome keyed by the line's subscriber, with the ids every outcome carries. */
function announce<T extends Record<Ids, unknown>>(
  type: string,
  request: { requestId: string },
  line: Line,
  fields: Omit<T, Ids>,
): NewEvent<T> {
  const ids = {
    subjectId: line.subscriberId,
    requestId: request.requestId,
    subscriberId: line.subscriberId,
  };
  // The spread of `Omit<T, Ids>` and the three ids is T, which TypeScript cannot prove by itself.
  return { type, subject: line.subscriberId, data: { ...ids, ...fields } as unknown as T };
}

const byId = (request: { subscriberId: string }): NamedLine => ({
  subscriberId: request.subscriberId,
});

export const SUSPENSION: LineOrderKind<SubscriberSuspensionRequested> = {
  kind: 'suspension',
  named: (r) => ({ subscriberId: r.subscriberId ?? r.subjectId, legacyIccid: legacyIccid(r) }),
  rule: async (r) => ({ requestId: r.requestId, kind: 'suspension', reasonCode: r.reasonCode }),
  // Placed only once the rules accepted the request, which refuse any reason but the four.
  change: (r) => ({ kind: 'suspend', reason: MNO_REASON[r.reasonCode as SuspensionReason] }),
  succeeded: (r, _before, after) =>
    announce<SubscriberSuspended>(EventTypes.SubscriberSuspended, r, after, {
      iccid: after.iccid,
      reasonCode: r.reasonCode,
      suspendedAt: Date.now(),
    }),
};

export const RESUMPTION: LineOrderKind<SubscriberResumptionRequested> = {
  kind: 'resumption',
  named: byId,
  rule: async (r) => ({ requestId: r.requestId, kind: 'resumption' }),
  change: () => ({ kind: 'resume' }),
  succeeded: (r, _before, after, orderId) =>
    announce<SubscriberResumed>(EventTypes.SubscriberResumed, r, after, {
      iccid: after.iccid,
      serviceOrderId: orderId,
      resumedAt: Date.now(),
    }),
};

export const PLAN_CHANGE: LineOrderKind<SubscriberPlanChangeRequested> = {
  kind: 'planChange',
  named: byId,
  rule: async (r, facts) => ({
    requestId: r.requestId,
    kind: 'planChange',
    planCode: r.planCode,
    planInCatalogue: await facts.planInCatalogue(r.planCode),
  }),
  change: (r) => ({ kind: 'planChange', planCode: r.planCode }),
  succeeded: (r, before, after, orderId) =>
    announce<SubscriberPlanChanged>(EventTypes.SubscriberPlanChanged, r, after, {
      previousPlanCode: before.planCode,
      planCode: after.planCode,
      serviceOrderId: orderId,
      changedAt: Date.now(),
    }),
};

export const DEACTIVATION: LineOrderKind<SubscriberDeactivationRequested> = {
  kind: 'deactivation',
  named: byId,
  rule: async (r) => ({ requestId: r.requestId, kind: 'deactivation' }),
  change: () => ({ kind: 'deactivate' }),
  succeeded: (r, _before, after, orderId) =>
    announce<SubscriberDeactivated>(EventTypes.SubscriberDeactivated, r, after, {
      iccid: after.iccid,
      serviceOrderId: orderId,
      deactivatedAt: Date.now(),
    }),
};

export const SIM_SWAP: LineOrderKind<SimSwapRequested> = {
  kind: 'simSwap',
  named: byId,
  rule: async (r, facts) => ({
    requestId: r.requestId,
    kind: 'simSwap',
    oldIccid: r.oldIccid,
    newIccid: r.newIccid,
    newIccidBoundElsewhere: await facts.iccidBoundElsewhere(r.newIccid),
    newSimRefusal: await facts.simRefusal(r.newIccid),
  }),
  change: (r) => ({ kind: 'simSwap', newIccid: r.newIccid }),
  succeeded: (r, before, after, orderId) =>
    announce<SimSwapped>(EventTypes.SimSwapped, r, after, {
      oldIccid: before.iccid,
      newIccid: after.iccid,
      imsi: after.imsi,
      serviceOrderId: orderId,
      swappedAt: Date.now(),
    }),
};

/**
 * A request written before lifecycle events were keyed by subscriber id names no subscriber and is
 * keyed by the ICCID: only such a request may find its line by ICCID, so a request for an unknown
 * subscriber never suspends whichever line holds the ICCID it mentions.
 */
function legacyIccid(request: SubscriberSuspensionRequested): string | undefined {
  return request.subscriberId === null && request.subjectId === request.iccid
    ? request.iccid
    : undefined;
}
