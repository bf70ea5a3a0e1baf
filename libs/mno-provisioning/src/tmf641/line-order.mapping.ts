import { MNO_BUSINESS_REFUSALS, MnoErrorCode, type MnoEndpoint } from '../mno-provisioning.errors';
import type { MnoLineOrder, MnoLineOrderFailure } from '../mno-provisioning.port';
import type { MnoOrderFailure } from '../mno-provisioning.port';
import { lineFrom } from '../tmf638/service.wire';
import { failureOf, STATE } from './service-order.mapping';
import type { ServiceOrder } from './service-order.wire';

const BUSINESS: ReadonlySet<string> = new Set(MNO_BUSINESS_REFUSALS);

/** Classified here, at the edge: a documented refusal is a business answer, anything else is not. */
export function classifyFailure(failure: MnoOrderFailure): MnoLineOrderFailure {
  const businessRejection = BUSINESS.has(failure.code);
  const reasonCode = businessRejection ? `MNO.${failure.code}` : MnoErrorCode.orderFailed;
  return { ...failure, reasonCode, businessRejection };
}

/** A lifecycle order in our terms; a completed one must carry the line as it now is. */
export function toMnoLineOrder(wire: ServiceOrder, endpoint: MnoEndpoint): MnoLineOrder {
  const order: MnoLineOrder = {
    orderId: wire.id,
    requestId: wire.externalId,
    state: STATE[wire.state],
  };
  if (order.state === 'completed') {
    return { ...order, line: lineFrom(endpoint, wire.serviceOrderItem?.[0]?.service ?? {}) };
  }
  if (order.state === 'failed') return { ...order, failure: classifyFailure(failureOf(wire)) };
  return order;
}
