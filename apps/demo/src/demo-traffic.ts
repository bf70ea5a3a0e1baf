import { randomUUID } from 'node:crypto';
import { activationRequestKey, luhnCheckDigit } from '@handoff/activation-requests';
import { EventTypes, type ActivationRequested } from '@handoff/contracts';
import type { Backbone, NewEvent } from '@handoff/messaging';

let serial = Date.now() % 100_000_000;
/** The last serial the run's SIM batch covers; undefined until the batch is made. */
let lastStocked: number | undefined;

/**
 * The next SIM of a pool of the demo's batch (demo-sim-inventory-scene.ts): pool 0 holds the SIMs
 * shipped to direct-to-customer orders, which the BSS activates; pool n the SIMs shipped to the
 * n-th dealer (`DealerClient.newIccid`). Every pool has each serial of the batch, under its own
 * ICCID prefix; the serial also numbers the lines' MSISDNs and addresses.
 */
export function newIccid(pool = 0): string {
  serial += 1;
  if (lastStocked !== undefined && serial > lastStocked)
    throw new Error(`the demo's SIM batch is used up (serials up to ${lastStocked})`);
  return iccidOf(pool, serial);
}

/** The ICCID of a pool's SIM with this serial: 19 digits, the last its Luhn check digit. */
export function iccidOf(pool: number, n: number): string {
  const body = `891004${2 + pool}${String(n).padStart(11, '0')}`;
  return body + luhnCheckDigit(body);
}

/**
 * Reserves the next `count` serials for the run's SIM batch, after `after` at least (the highest
 * an earlier run stocked, so a run on the same stack never reuses its SIMs); from now on
 * `newIccid` refuses to go past them.
 */
export function stockSerials(count: number, after: number): { first: number; last: number } {
  serial = Math.max(serial, after);
  lastStocked = serial + count;
  return { first: serial + 1, last: lastStocked };
}

/**
 * Places the tax engine simulator has rates for (its jurisdiction data), so the demo's
 * activations are taxed by federal, state, county, city and district rules that differ.
 */
const TAXED_PLACES = [
  { city: 'San Francisco', county: 'San Francisco', stateOrProvince: 'CA', postalCode: '94105' },
  { city: 'Seattle', county: 'King', stateOrProvince: 'WA', postalCode: '98101' },
  { city: 'New York', county: 'New York', stateOrProvince: 'NY', postalCode: '10001' },
  { city: 'Austin', county: 'Travis', stateOrProvince: 'TX', postalCode: '78701' },
  { city: 'Chicago', county: 'Cook', stateOrProvince: 'IL', postalCode: '60601' },
  { city: 'Denver', county: 'Denver', stateOrProvince: 'CO', postalCode: '80202' },
];

/**
 * A place the tax engine resolves but has no tax configuration for (its `US-GU-HAGATNA`): it
 * answers zero tax and no error there until the tax team configures it.
 */
export const UNCOVERED_PLACE: ActivationRequested['serviceAddress'] = {
  line1: '1 Marine Corps Dr',
  line2: null,
  city: 'Hagåtña',
  county: null,
  stateOrProvince: 'GU',
  postalCode: '96910',
  countryCode: 'US',
};

const address = (n: number) => ({
  line1: `${100 + n} Market St`,
  line2: null,
  ...TAXED_PLACES[n % TAXED_PLACES.length],
  countryCode: 'US',
});

/** The processor's test token of a card it approves; its declining ones are named after Stripe's. */
export const APPROVED_CARD = 'pm_card_visa';
export const STOLEN_CARD = 'pm_card_chargeDeclinedStolenCard';
export const CARD_WITHOUT_FUNDS = 'pm_card_chargeDeclinedInsufficientFunds';

type ChargeLine = ActivationRequested['charges'][number];

const usd = (chargeCode: string, description: string, amountMinor: number): ChargeLine => ({
  chargeCode,
  description,
  amount: { amountMinor, currency: 'USD' },
});

/**
 * What the activation costs before tax, as the dealer portal or the BSS prices it (Handoff keeps
 * no price list): the activation fee and the plan's first period. The first period varies a little
 * from line to line (promotions), so the tax and its rounding differ too.
 */
export function activationCharges(planCode: string, n: number): ChargeLine[] {
  const firstPeriod = planCode === 'UNL-5G-30' ? 4_500 + (n % 5) * 250 - 1 : 1_500 + (n % 3) * 500;
  return [
    usd('ACTIVATION_FEE', 'Activation fee', planCode === 'UNL-5G-30' ? 2_500 : 1_000),
    usd('PLAN_FIRST_PERIOD', `${planCode}, first period`, firstPeriod),
  ];
}

/** The sum of a request's charge lines in minor units (0 when nothing is charged). */
export const chargesMinorOf = (charges: readonly ChargeLine[] | undefined): number =>
  (charges ?? []).reduce((sum, line) => sum + line.amount.amountMinor, 0);

/** The gateway's answer to a dealer's plan change: 202 with the request, or an error. */
export interface PlanChangeAnswer {
  status: number;
  requestId?: string;
  state?: string;
  error?: string;
}

/** A dealer activation (or plan change) over the gateway's HTTP API. */
export class DealerClient {
  constructor(
    private readonly gatewayUrl: string,
    private readonly apiKey: string,
    readonly dealerId: string,
    /** This dealer's pool of the demo's SIM batch (1 and up): the SIMs shipped to it. */
    readonly simPool: number,
  ) {}

  /** The next SIM the fulfilment partner shipped to this dealer. */
  newIccid(): string {
    return newIccid(this.simPool);
  }

  body(iccid: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    // Each line gets its own number: a dealer activation names the MSISDN (new or ported).
    const msisdn = `+1415${String(serial % 10_000_000).padStart(7, '0')}`;
    return {
      iccid,
      planCode: 'UNL-5G-30',
      msisdn,
      serviceAddress: address(serial % 900),
      charges: activationCharges('UNL-5G-30', serial),
      paymentMethodToken: APPROVED_CARD,
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

  /** `POST /v1/subscribers/{id}/plan-change`: only for a line this dealer activated (else 404). */
  async changePlan(subscriberId: string, planCode: string): Promise<PlanChangeAnswer> {
    const response = await fetch(
      `${this.gatewayUrl}/v1/subscribers/${encodeURIComponent(subscriberId)}/plan-change`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({ planCode }),
      },
    );
    return {
      status: response.status,
      ...((await response.json()) as Omit<PlanChangeAnswer, 'status'>),
    };
  }

  /** `GET /v1/subscribers/{id}/plan-changes/{requestId}`: where the dealer's plan change stands. */
  async planChange(subscriberId: string, requestId: string): Promise<PlanChangeAnswer> {
    const response = await fetch(
      `${this.gatewayUrl}/v1/subscribers/${encodeURIComponent(subscriberId)}/plan-changes/${encodeURIComponent(requestId)}`,
      { headers: { authorization: `Bearer ${this.apiKey}` } },
    );
    return {
      status: response.status,
      ...((await response.json()) as Omit<PlanChangeAnswer, 'status'>),
    };
  }
}

/** A subscriber id as the BSS names its own subscribers. */
export const bssSubscriberId = () => `bss-${randomUUID()}`;

export interface BssActivationOptions {
  planCode?: string;
  /** The subscriber the BSS names (default: a new one); null leaves it to Handoff to assign. */
  subscriberId?: string | null;
  /** False: the BSS prices this activation at zero (no tax document, no payment). Default true. */
  charged?: boolean;
  paymentMethodToken?: string;
  /** Where the line is used (default: one of the places the tax engine has rates for). */
  serviceAddress?: ActivationRequested['serviceAddress'];
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
  const planCode = options.planCode ?? 'PREPAID-TALK-5';
  const charged = options.charged ?? true;
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
      planCode,
      channel: 'bss',
      dealerId: null,
      portIn: null,
      serviceAddress: options.serviceAddress ?? address(serial % 900),
      charges: charged ? activationCharges(planCode, serial) : [],
      paymentMethodToken: charged ? (options.paymentMethodToken ?? APPROVED_CARD) : null,
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
