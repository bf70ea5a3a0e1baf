import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { portOutOf, stringCharacteristic, tmfServiceSchema } from '../tmf638/service.wire';

/**
 * The MNO's TMF641/TMF630 notification hub as Handoff uses it: a subscription per orchestrator
 * start with a secret of its own, callbacks signed with it, and what a callback says in our terms.
 * The wire format (hub registration, ServiceOrderStateChangeEvent, ServiceStateChangeEvent) stays
 * in this lib.
 */

/** The header the MNO signs a callback's body in: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const HUB_SIGNATURE_HEADER = 'x-hub-signature-256';

/** A notice in our terms; `ignored` is a callback Handoff has no use for (counted, not acted on). */
export type HubNotice =
  | {
      kind: 'portOut';
      /** The MNO's event id, or a poll's own id for the notice. */
      noticeId: string;
      /** The MNO's id of the line that ended: a line ports out once, so this keys the notice. */
      lineId: string;
      msisdn: string;
      recipientOperator: string | null;
      portedAt: number;
    }
  | { kind: 'orderState'; noticeId: string; orderId: string; state: string }
  | { kind: 'ignored'; noticeId: string | null };

const callbackSchema = z.discriminatedUnion('eventType', [
  z.object({
    eventId: z.string().min(1),
    eventType: z.literal('ServiceStateChangeEvent'),
    event: z.object({ service: tmfServiceSchema }),
  }),
  z.object({
    eventId: z.string().min(1),
    eventType: z.literal('ServiceOrderStateChangeEvent'),
    event: z.object({ serviceOrder: z.object({ id: z.string(), state: z.string() }) }),
  }),
]);

/** The callback's body in our terms; undefined when it is not a hub event at all (a 400). */
export function readHubNotice(body: unknown): HubNotice | undefined {
  const parsed = callbackSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { eventId, event } = parsed.data;
  if (!('service' in event)) {
    const { id, state } = event.serviceOrder;
    return { kind: 'orderState', noticeId: eventId, orderId: id, state };
  }
  const list = event.service.serviceCharacteristic;
  const portOut = portOutOf(list);
  const msisdn = stringCharacteristic(list, 'msisdn');
  if (!portOut || msisdn === null) return { kind: 'ignored', noticeId: eventId };
  return { kind: 'portOut', noticeId: eventId, lineId: event.service.id, msisdn, ...portOut };
}

/** Whether `signature` is the MNO's signature of `rawBody` with this subscription's secret. */
export function hubSignatureValid(
  secret: string,
  rawBody: Buffer,
  signature: string | undefined,
): boolean {
  if (signature === undefined) return false;
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const registrationSchema = z.object({ id: z.string().min(1) });

/** A registration at the hub, removed when the subscriber stops. */
export interface HubSubscription {
  id: string;
  /** The secret the MNO signs this subscription's callbacks with; never logged. */
  secret: string;
}

/**
 * Registers `callback` at the MNO's hub (`{baseUrl}/hub`, TMF630) with a fresh secret: each start
 * has its own, so a secret that leaked with an old process signs nothing the new one accepts.
 */
export async function subscribeToHub(
  baseUrl: string,
  callback: string,
  signal?: AbortSignal,
): Promise<HubSubscription> {
  const secret = randomBytes(32).toString('base64url');
  const response = await fetch(`${baseUrl}/hub`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ callback, secret }),
    signal,
  });
  if (!response.ok) throw new Error(`the MNO hub answered ${response.status} to the registration`);
  const { id } = registrationSchema.parse(await response.json());
  return { id, secret };
}

export async function unsubscribeFromHub(baseUrl: string, id: string): Promise<void> {
  const response = await fetch(`${baseUrl}/hub/${encodeURIComponent(id)}`, { method: 'DELETE' });
  await response.body?.cancel();
}
