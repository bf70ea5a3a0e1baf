import type { z } from 'zod';
import { malformedResponse, type MnoEndpoint } from '../mno-provisioning.errors';
import type { MnoOrder, MnoOrderFailure, MnoOrderState } from '../mno-provisioning.port';
import type { ServiceOrder, ServiceOrderState } from './service-order.wire';

/** TMF641 states folded into ours: anything that ended without the line is `failed`. */
export const STATE: Record<ServiceOrderState, MnoOrderState> = {
  acknowledged: 'acknowledged',
  inProgress: 'inProgress',
  completed: 'completed',
  failed: 'failed',
  rejected: 'failed',
  // One item per order: "partially completed" means our only item did not complete.
  partial: 'failed',
  held: 'held',
  pending: 'held',
  assessingCancellation: 'held',
  pendingCancellation: 'held',
  cancelled: 'cancelled',
};

/**
 * Parses and validates a body; anything off-contract is a permanent `MNO.MALFORMED_RESPONSE`.
 * Permanent, not retryable: the same vendor build answers the same request the same way, so a
 * retry only delays the alarm, and counting it against the breaker would hold every activation
 * behind a contract break that needs a person. A replay goes through `submitOrFind`, so an order
 * the MNO did create behind a malformed answer is found, not doubled.
 */
export function parseBody<S extends z.ZodTypeAny>(
  endpoint: MnoEndpoint,
  text: string,
  schema: S,
): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw malformedResponse(endpoint, 'not JSON', error);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data as z.infer<S>;
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw malformedResponse(endpoint, issues.join('; '), result.error);
}

function characteristic(order: ServiceOrder, name: string): string | undefined {
  const found = order.serviceOrderItem?.[0]?.service?.serviceCharacteristic?.find(
    (c) => c.name === name,
  );
  return typeof found?.value === 'string' && found.value !== '' ? found.value : undefined;
}

export function toMnoOrder(wire: ServiceOrder, endpoint: MnoEndpoint): MnoOrder {
  const order: MnoOrder = {
    orderId: wire.id,
    activationId: wire.externalId,
    state: STATE[wire.state],
  };
  if (order.state === 'completed') {
    const imsi = characteristic(wire, 'imsi');
    const msisdn = characteristic(wire, 'msisdn');
    if (!imsi || !msisdn)
      throw malformedResponse(endpoint, 'a completed order without imsi/msisdn');
    return { ...order, imsi, msisdn };
  }
  if (order.state === 'failed') return { ...order, failure: failureOf(wire) };
  return order;
}

/** The MNO's first error message, or what the order's state says when it gave none. */
export function failureOf(wire: ServiceOrder): MnoOrderFailure {
  const first = wire.errorMessage?.[0];
  return {
    code: first?.code ?? (wire.state === 'failed' ? 'UNSPECIFIED' : wire.state.toUpperCase()),
    message: first?.message ?? first?.reason ?? `the MNO order is ${wire.state}`,
  };
}

const PROGRESS: Record<MnoOrderState, number> = {
  completed: 3,
  inProgress: 2,
  acknowledged: 2,
  held: 2,
  failed: 1,
  cancelled: 1,
};

/** The MNO does not de-duplicate: of several orders for one activation, the most advanced counts. */
export function mostAdvanced<T extends { state: MnoOrderState }>(
  orders: readonly T[],
): T | undefined {
  return orders.reduce<T | undefined>(
    (best, order) => (!best || PROGRESS[order.state] > PROGRESS[best.state] ? order : best),
    undefined,
  );
}
