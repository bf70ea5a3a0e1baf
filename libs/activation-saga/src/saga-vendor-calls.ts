import { EventTypes } from '@handoff/contracts';
import type { MnoEndpoint } from '@handoff/mno-provisioning';
import type { PaymentEndpoint } from '@handoff/payments';
import type { TaxEndpoint } from '@handoff/tax-engine';
import type { SagaStep } from './activation.repository';

type Call =
  | { vendor: 'tax-engine'; call: TaxEndpoint }
  | { vendor: 'payment-processor'; call: PaymentEndpoint }
  | { vendor: 'mno'; call: MnoEndpoint };

/**
 * One HTTP call the saga makes at a vendor (named by the adapter's endpoint), the step it belongs
 * to and when it is made. What an ops replay of the request sets in motion.
 */
export type SagaVendorCall = Call & {
  /** The saga step, or the compensation, the call belongs to; `lineOrder` for a lifecycle request. */
  step: SagaStep | 'compensation' | 'lineOrder';
  when: string;
};

const call = (step: SagaVendorCall['step'], c: Call, when: string): SagaVendorCall => ({
  ...c,
  step,
  when,
});

const tax = (c: TaxEndpoint): Call => ({ vendor: 'tax-engine', call: c });
const pay = (c: PaymentEndpoint): Call => ({ vendor: 'payment-processor', call: c });
const mno = (c: MnoEndpoint): Call => ({ vendor: 'mno', call: c });

const ACTIVATION_CALLS: readonly SagaVendorCall[] = [
  call(
    'validation',
    tax('geocode'),
    'every activation: the tax jurisdiction of the service address',
  ),
  call('taxQuote', tax('calculate'), 'with charges: the quote, document ACT-<activation id>'),
  call('taxQuote', tax('getDocument'), 'only after a failed calculate: read before sending again'),
  call(
    'paymentAuthorization',
    pay('findIntents'),
    'with charges: an intent under its key is reused',
  ),
  call('paymentAuthorization', pay('createIntent'), 'only when findIntents found none: authorize'),
  call('provisioning', mno('findOrders'), 'first, by externalId, so an existing order is reused'),
  call('provisioning', mno('createOrder'), 'only when findOrders found no order'),
  call('provisioning', mno('getOrder'), 'to follow the order until it completes'),
  call('provisioning', pay('getIntent'), 'a hold about to lapse while waiting: read it first'),
  call('provisioning', pay('findIntents'), "the same: the renewal under the next round's key"),
  call('provisioning', pay('createIntent'), 'the same, when no intent has that key yet'),
  call('provisioning', pay('cancelIntent'), 'the same: the old hold voided once renewed'),
  call('paymentCapture', pay('getIntent'), 'read first: a capture is never repeated'),
  call('paymentCapture', pay('captureIntent'), 'only when the intent is still authorized'),
  call('taxCommit', tax('getDocument'), 'read first: a document is committed once'),
  call('taxCommit', tax('commit'), 'only when the document is not committed yet'),
  call(
    'compensation',
    pay('getIntent'),
    'order failed, or port-in secrets expired: read before the void',
  ),
  call('compensation', pay('cancelIntent'), 'the same: voids an authorization still held'),
  call('compensation', tax('getDocument'), 'card declined, or as above: read before the void'),
  call('compensation', tax('void'), 'the same: voids the tax document'),
];

/**
 * A lifecycle request's one MNO order (`submitLineOrder` looks it up by its key before creating it,
 * then `getLineOrder` follows it). A replay of a request already settled calls nothing.
 */
const LINE_ORDER_CALLS: readonly SagaVendorCall[] = [
  call('lineOrder', mno('findOrders'), 'first, by the request key, so an existing order is reused'),
  call('lineOrder', mno('createOrder'), 'only when findOrders found no order'),
  call('lineOrder', mno('getOrder'), 'to follow the order until the MNO settles it'),
];

/**
 * Every vendor call the orchestrator's consumer group makes for each event type it handles: what
 * the dry-run of an ops replay announces. A replayed request resumes where its row says the saga
 * stopped, so it makes the calls from that step on. Types not listed call no vendor.
 *
 * Kept true by `test/e2e/activation/saga-vendor-calls.test.ts`: it runs each event type through the
 * orchestrator against the simulators over HTTP and fails on a call made that is not listed here,
 * or one listed that no scenario makes. A step that calls a vendor in a new way adds it here.
 */
export const ORCHESTRATOR_VENDOR_CALLS: Readonly<Record<string, readonly SagaVendorCall[]>> = {
  [EventTypes.ActivationRequested]: ACTIVATION_CALLS,
  // A redrive resumes an activation held at its tax quote: the steps from there on.
  [EventTypes.ActivationRedriveRequested]: ACTIVATION_CALLS.filter((c) => c.step !== 'validation'),
  [EventTypes.SubscriberSuspensionRequested]: LINE_ORDER_CALLS,
  [EventTypes.SubscriberResumptionRequested]: LINE_ORDER_CALLS,
  [EventTypes.SubscriberPlanChangeRequested]: LINE_ORDER_CALLS,
  [EventTypes.SubscriberDeactivationRequested]: LINE_ORDER_CALLS,
  [EventTypes.SimSwapRequested]: LINE_ORDER_CALLS,
};
