import { randomUUID } from 'node:crypto';
import { activationRequestKey, luhnCheckDigit } from '@handoff/activation-requests';
import { EventTypes, type ActivationRequested } from '@handoff/contracts';
import type { Backbone, NewEvent } from '@handoff/messaging';

let serial = Date.now() % 100_000_000;

export function newIccid(): string {
  serial += 1;
  const body = `8910042${String(serial).padStart(11, '0')}`;
  return body + luhnCheckDigit(body);
}

const address = (n: number) => ({
  line1: `${100 + n} Market St`,
  line2: null,
  city: 'San Francisco',
  county: 'San Francisco',
  stateOrProvince: 'CA',
  postalCode: '94105',
  countryCode: 'US',
});

/** A dealer activation over the gateway's HTTP API. */
export class DealerClient {
  constructor(
    private readonly gatewayUrl: string,
    private readonly apiKey: string,
  ) {}

  body(iccid: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    // Each line gets its own number: a dealer activation names the MSISDN (new or ported).
    const msisdn = `+1415${String(serial % 10_000_000).padStart(7, '0')}`;
    return {
      iccid,
      planCode: 'UNL-5G-30',
      msisdn,
      serviceAddress: address(serial % 900),
      ...overrides,
    };
  }

  async activate(body: Record<string, unknown>, idempotencyKey: string = randomUUID()) {
    const response = await fetch(`${this.gatewayUrl}/v1/activations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as {
      activationId?: string;
      correlationId?: string;
      fields?: unknown[];
    };
    return { status: response.status, ...json };
  }
}

/** A subscriber id as the BSS names its own subscribers. */
export const bssSubscriberId = () => `bss-${randomUUID()}`;

export interface BssActivationOptions {
  planCode?: string;
  /** The subscriber the BSS names (default: a new one); null leaves it to Handoff to assign. */
  subscriberId?: string | null;
}

/**
 * A BSS activation, published to the lifecycle topic as the BSS does: keyed by the subscriber id it
 * names, or by its activation id when it names none (Handoff then assigns one and announces it).
 */
export function bssActivation(
  iccid: string,
  options: BssActivationOptions = {},
): NewEvent<ActivationRequested> {
  const activationId = `act-${randomUUID()}`;
  const subscriberId =
    options.subscriberId === undefined ? bssSubscriberId() : options.subscriberId;
  const subject = activationRequestKey({ activationId, subscriberId });
  return {
    id: randomUUID(),
    type: EventTypes.ActivationRequested,
    subject,
    data: {
      subjectId: subject,
      activationId,
      subscriberId,
      iccid,
      msisdn: null,
      planCode: options.planCode ?? 'PREPAID-TALK-5',
      channel: 'bss',
      dealerId: null,
      portIn: null,
      serviceAddress: address(serial % 900),
      charges: [],
      paymentMethodToken: null,
      requestedAt: Date.now(),
      dealerReference: null,
    },
  };
}

export async function publishFromBss(
  backbone: Backbone,
  events: NewEvent<ActivationRequested>[],
): Promise<void> {
  await backbone.publishNow(events);
}
