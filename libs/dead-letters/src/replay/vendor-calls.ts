import { EventTypes } from '@handoff/contracts';
import { ConsumerGroups } from '@handoff/messaging';

/** A vendor call the consumer group makes when it handles an event of this type. */
export interface VendorCall {
  vendor: string;
  call: string;
  when: string;
}

const MNO_ORDER: VendorCall[] = [
  {
    vendor: 'mno',
    call: 'findOrders',
    when: 'first, by externalId, so an existing order is reused',
  },
  { vendor: 'mno', call: 'createOrder', when: 'only when findOrders found no order' },
  { vendor: 'mno', call: 'getOrder', when: 'to follow the order until it completes' },
];

/**
 * What replaying an event of each type sets in motion at the vendors, so on-call knows before
 * pressing the button. A static summary of the saga's steps, not a simulation; types not listed
 * call no vendor.
 */
const CALLS_BY_TYPE: Readonly<Record<string, readonly VendorCall[]>> = {
  [EventTypes.ActivationRequested]: MNO_ORDER,
  [EventTypes.SubscriberSuspensionRequested]: MNO_ORDER,
  [EventTypes.ProvisioningStarted]: [MNO_ORDER[2]],
  [EventTypes.PaymentRequested]: [
    { vendor: 'tax-engine', call: 'quoteTax', when: 'for the jurisdiction of the service address' },
    { vendor: 'payment-processor', call: 'createPaymentIntent', when: 'with the idempotency key' },
  ],
};

/** Groups that only record what they see, whatever the event. */
const NO_VENDOR_GROUPS: readonly string[] = [ConsumerGroups.AuditLedger];

export function vendorCallsFor(group: string, eventType: string | null): readonly VendorCall[] {
  if (!eventType || NO_VENDOR_GROUPS.includes(group)) return [];
  return CALLS_BY_TYPE[eventType] ?? [];
}
