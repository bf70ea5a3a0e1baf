import { ActivationRedriver } from '@handoff/activation-saga';
import { EventTypes } from '@handoff/contracts';
import { DeadLetterOps, type VendorCall } from '@handoff/dead-letters';
import { ConsumerGroups, type NewEvent } from '@handoff/messaging';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { REPLAY_VENDOR_CALLS } from '../../../apps/ops/src/replay-vendor-calls';
import {
  bssActivation,
  bssSuspension,
  chargedBssActivation,
  newIccid,
} from '../../support/activation-requests';
import {
  bssDeactivation,
  bssPlanChange,
  bssResumption,
  bssSimSwap,
} from '../../support/lifecycle-requests';
import { openDeadLetterOf, sagaSuite, type SagaStack } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
/** The place the tax simulator does not cover until told to (decision 35). */
const GUAM = 'US-GU-HAGATNA';
const GUAM_ADDRESS = { city: 'Hagåtña', stateOrProvince: 'GU', postalCode: '96910', county: null };

/** What the ops tooling announces for a record of the orchestrator's group, as it is wired. */
const ORCHESTRATOR = REPLAY_VENDOR_CALLS[ConsumerGroups.Orchestrator];
const announced = (type: string): readonly VendorCall[] => ORCHESTRATOR[type] ?? [];
const named = (calls: readonly VendorCall[]) => new Set(calls.map((c) => `${c.vendor} ${c.call}`));

/** The simulators name their list endpoints as their APIs do; the adapters, for what they find. */
const ADAPTER_NAME: Readonly<Record<string, string>> = {
  listOrders: 'findOrders',
  listIntents: 'findIntents',
};

type Counts = Map<string, number>;

async function callCounts(stack: SagaStack): Promise<Counts> {
  const [mno, money] = await Promise.all([stack.mno.callCounts(), stack.money.callCounts()]);
  const counts: Counts = new Map();
  const add = (vendor: string, byEndpoint: Record<string, number>) => {
    for (const [endpoint, n] of Object.entries(byEndpoint)) {
      counts.set(`${vendor} ${ADAPTER_NAME[endpoint] ?? endpoint}`, n);
    }
  };
  add('mno', mno);
  add('payment-processor', money.payment);
  add('tax-engine', money.tax);
  return counts;
}

const madeBetween = (before: Counts, after: Counts) =>
  new Set([...after].filter(([call, n]) => n > (before.get(call) ?? 0)).map(([call]) => call));

/**
 * Every event type the orchestrator consumes goes through the real saga against the simulators over
 * HTTP; the calls the simulators counted are compared with what the replay dry-run announces for
 * that type: nothing made that was not announced, nothing announced that no run made.
 */
describe('the replay dry-run announces the vendor calls the saga makes, for every event type', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);
  const madeByType = new Map<string, Set<string>>();

  /** Runs `scenario` and returns the calls the simulators saw meanwhile, checked against `type`'s. */
  async function callsOf(type: string, scenario: () => Promise<void>): Promise<Set<string>> {
    const before = await callCounts(suite.stack);
    await scenario();
    const made = madeBetween(before, await callCounts(suite.stack));
    const promised = named(announced(type));
    const unannounced = [...made].filter((c) => !promised.has(c));
    expect({ type, unannounced }).toEqual({ type, unannounced: [] });
    madeByType.set(type, new Set([...(madeByType.get(type) ?? []), ...made]));
    return made;
  }

  const outcome = (type: string, activationId: string) =>
    waitFor(`${type} of ${activationId}`, () =>
      suite.lifecycle
        .eventsOfType(type)
        .find((e) => (e.data as { activationId?: string }).activationId === activationId),
    );

  const activation = (request: ReturnType<typeof bssActivation>, outcomeType: string) =>
    callsOf(EventTypes.ActivationRequested, async () => {
      await suite.stack.bss.publishNow([request]);
      await outcome(outcomeType, request.data.activationId);
    });

  it('an activation with charges: jurisdiction, quote, authorization, MNO, capture, tax commit', async () => {
    const made = await activation(chargedBssActivation(newIccid()), EventTypes.SubscriberActivated);
    expect(made).toEqual(
      new Set([
        'tax-engine geocode',
        'tax-engine calculate',
        'payment-processor findIntents',
        'payment-processor createIntent',
        'mno findOrders',
        'mno createOrder',
        'mno getOrder',
        'payment-processor getIntent',
        'payment-processor captureIntent',
        'tax-engine getDocument',
        'tax-engine commit',
      ]),
    );
  });

  it('an activation without charges: the jurisdiction and the MNO only', async () => {
    const made = await activation(bssActivation(newIccid()), EventTypes.SubscriberActivated);
    expect(made).toEqual(
      new Set(['tax-engine geocode', 'mno findOrders', 'mno createOrder', 'mno getOrder']),
    );
  });

  it('a quote that failed is read back before it is sent again', async () => {
    const request = chargedBssActivation(newIccid());
    await suite.stack.money.setTaxFaults({ endpoint: 'calculate', errorRate: 1 });
    const made = await callsOf(EventTypes.ActivationRequested, async () => {
      const before = (await suite.stack.money.callCounts()).tax;
      await suite.stack.bss.publishNow([request]);
      await waitFor('a calculate retried after reading the document', async () => {
        const { tax } = await suite.stack.money.callCounts();
        const more = (endpoint: string) => (tax[endpoint] ?? 0) - (before[endpoint] ?? 0);
        return more('getDocument') > 0 && more('calculate') > 1;
      });
      await suite.stack.money.clearTaxFaults();
      await outcome(EventTypes.SubscriberActivated, request.data.activationId);
    });
    expect(made).toContain('tax-engine getDocument');
  });

  it('a declined card: the quote is voided, the MNO never called', async () => {
    const made = await activation(
      chargedBssActivation(newIccid(), 'pm_card_chargeDeclinedStolenCard'),
      EventTypes.ActivationRejected,
    );
    expect(made).toContain('tax-engine void');
    expect([...made].filter((c) => c.startsWith('mno '))).toEqual([]);
  });

  it('a failed MNO order: the authorization and the tax document are voided', async () => {
    const request = chargedBssActivation(newIccid());
    await suite.stack.mno.setFaults({
      endpoint: 'createOrder',
      unknownIccids: [request.data.iccid],
    });
    const made = await activation(request, EventTypes.ActivationFailed);
    for (const call of ['payment-processor cancelIntent', 'tax-engine void']) {
      expect(made).toContain(call);
    }
    expect(made).not.toContain('payment-processor captureIntent');
  });

  it('a replayed dead letter: its dry run announces the saga, the replay resumes at the capture', async () => {
    const { stack } = suite;
    // The test's consumer group stands in for the orchestrator's, as the ops tooling is wired.
    const ops = new DeadLetterOps({
      backbone: stack.bss,
      dataSource: stack.db,
      ownership: loadOwnershipMatrix(),
      groups: [{ groupId: stack.groupId, retryDelaysMs: RETRY_DELAYS_MS }],
      vendorCalls: { [stack.groupId]: ORCHESTRATOR },
    });
    const request = chargedBssActivation(newIccid());
    await stack.money.setPaymentFaults({ endpoint: 'captureIntent', errorRate: 1 });
    await activation(request, EventTypes.ActivationCaptureFailed);
    const letter = await openDeadLetterOf(ops, stack.groupId, request.id);
    await stack.money.clearPaymentFaults();

    const dry = await ops.replay({
      refs: [letter.ref],
      reason: 'check first',
      operator: { operatorId: 'test' },
      dryRun: true,
    });
    const dryRunCalls = dry.results[0].dryRun!.vendorCalls!;
    expect(dryRunCalls).toEqual(announced(EventTypes.ActivationRequested));

    const made = await callsOf(EventTypes.ActivationRequested, async () => {
      const report = await ops.replay({
        refs: [letter.ref],
        reason: 'processor captures again',
        operator: { operatorId: 'test' },
        settleMs: 500,
      });
      expect(report.counts.replayed).toBe(1);
      await outcome(EventTypes.SubscriberActivated, request.data.activationId);
    });
    const fromCapture = dryRunCalls.filter(
      (c) => c.step === 'paymentCapture' || c.step === 'taxCommit',
    );
    expect(made).toEqual(named(fromCapture));
  });

  it('each lifecycle request places one MNO order: looked up by its key, created, followed', async () => {
    const request = bssActivation(newIccid());
    const { subscriberId, iccid } = request.data;
    await activation(request, EventTypes.SubscriberActivated);
    const lineOrder = new Set(['mno findOrders', 'mno createOrder', 'mno getOrder']);
    const requests: [NewEvent<{ requestId: string }>, string][] = [
      [bssPlanChange(subscriberId!, 'BASIC-5G-15'), EventTypes.SubscriberPlanChanged],
      [bssSuspension(subscriberId!, iccid), EventTypes.SubscriberSuspended],
      [bssResumption(subscriberId!), EventTypes.SubscriberResumed],
      [bssSimSwap(subscriberId!, iccid, newIccid()), EventTypes.SimSwapped],
      [bssDeactivation(subscriberId!), EventTypes.SubscriberDeactivated],
    ];
    for (const [event, answer] of requests) {
      const made = await callsOf(event.type, async () => {
        await suite.stack.bss.publishNow([event]);
        await waitFor(`${answer} of ${event.data.requestId}`, () =>
          suite.lifecycle
            .eventsOfType(answer)
            .find((e) => (e.data as { requestId: string }).requestId === event.data.requestId),
        );
      });
      expect({ type: event.type, made }).toEqual({ type: event.type, made: lineOrder });
    }
  });

  it('a redrive of an activation held for tax: the saga from its quote on', async () => {
    const { stack } = suite;
    const request = chargedBssActivation(newIccid());
    request.data.serviceAddress = { ...request.data.serviceAddress, ...GUAM_ADDRESS };
    await stack.money.uncoverTax(GUAM);
    await callsOf(EventTypes.ActivationRequested, async () => {
      await stack.bss.publishNow([request]);
      await waitFor('the activation held for tax', async () => {
        const [row] = await stack.db.query<{ state: string }[]>(
          'SELECT state FROM activations WHERE activation_id = $1',
          [request.data.activationId],
        );
        return row?.state === 'held';
      });
    });
    await stack.money.coverTax(GUAM);
    const redriver = new ActivationRedriver({
      dataSource: stack.db,
      backbone: stack.bss,
      ownerTeamOf: () => 'billing-ops',
    });
    const made = await callsOf(EventTypes.ActivationRedriveRequested, async () => {
      const report = await redriver.redrive({
        reason: 'TAX.CONFIG_FIXED: Guam configured',
        operator: { operatorId: 'test' },
        activationIds: [request.data.activationId],
      });
      expect(report.counts.redriven).toBe(1);
      expect(await redriver.flush(report)).toBe(true);
      await outcome(EventTypes.SubscriberActivated, request.data.activationId);
    });
    expect(made).toContain('tax-engine calculate');
    expect(made).toContain('payment-processor captureIntent');
    expect(made).not.toContain('tax-engine geocode');
  });

  it('announces, for every event type, no call that none of the runs above made', () => {
    // A redrive runs the request's own steps from the quote on: the compensations it shares with
    // the request (a decline, a failed order) were made by the request's runs above.
    const madeBy = (type: string) => madeByType.get(type) ?? new Set<string>();
    const sharedWithRequest: Record<string, Set<string>> = {
      [EventTypes.ActivationRedriveRequested]: madeBy(EventTypes.ActivationRequested),
    };
    for (const type of Object.values(EventTypes)) {
      const made = new Set([...madeBy(type), ...(sharedWithRequest[type] ?? [])]);
      const neverMade = [...named(announced(type))].filter((c) => !made.has(c));
      expect({ type, neverMade }).toEqual({ type, neverMade: [] });
    }
    // The groups that only record or stand in call nothing, whatever they replay.
    for (const group of [ConsumerGroups.AuditLedger, ConsumerGroups.BackboneDemo]) {
      expect(REPLAY_VENDOR_CALLS[group]).toEqual({});
    }
  });
});
