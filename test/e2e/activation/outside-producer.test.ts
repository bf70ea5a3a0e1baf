import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventTypes } from '@handoff/contracts';
import { rootTraceparentOf, Topics } from '@handoff/messaging';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { TopicTap } from '../../support/backbone-harness';
import { kcatProduceCloudEvent, requireKcat } from '../../support/kcat';
import { confluentAvro } from '../../support/outside-avro';
import { startSagaStack, type SagaStack } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
const BSS_SOURCE = 'bss/acme-crm';
const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

describe('an outside CloudEvents producer (kcat) activating a subscriber', () => {
  let stack: SagaStack;
  let lifecycle: TopicTap;
  let scratch: string;

  beforeAll(async () => {
    await requireKcat();
    scratch = mkdtempSync(join(tmpdir(), 'handoff-kcat-'));
    stack = await startSagaStack(RETRY_DELAYS_MS, 1_000);
    lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true });
  });

  afterAll(async () => {
    await lifecycle?.close();
    await stack?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** Publishes an ActivationRequested with kcat: Avro bytes from a file, headers as given. */
  async function publishWithKcat(extraHeaders: (subscriberId: string) => Record<string, string>) {
    const iccid = newIccid();
    const { data } = bssActivation(iccid);
    // The BSS keys a subscriber's events by the subscriber id it names.
    const subscriberId = data.subscriberId!;
    const { eventId, headers } = await kcatProduceCloudEvent(scratch, {
      topic: Topics.SubscriberLifecycle,
      key: subscriberId,
      type: EventTypes.ActivationRequested,
      source: BSS_SOURCE,
      value: confluentAvro(EventTypes.ActivationRequested, data),
      extraHeaders: extraHeaders(subscriberId),
    });
    return { iccid, subscriberId, eventId, headers, activationId: data.activationId };
  }

  it.each([
    ['only the attributes the CloudEvents spec requires', () => ({})],
    [
      'the spec attributes plus ce_time and ce_subject',
      (subscriberId: string) => ({ ce_time: new Date().toISOString(), ce_subject: subscriberId }),
    ],
  ])('activates from a record with %s, continuing its correlation and trace', async (_, extra) => {
    const { iccid, subscriberId, eventId, headers, activationId } = await publishWithKcat(extra);
    const records = () => lifecycle.records.filter((r) => r.key === subscriberId);

    await waitFor(
      'SubscriberActivated',
      () => records().some((r) => r.headers.ce_type === EventTypes.SubscriberActivated),
      30_000,
    );
    const [request, ...emitted] = records();
    expect(request.headers).toEqual(headers);
    expect(emitted.map((r) => r.headers.ce_type)).toEqual([
      EventTypes.ProvisioningStarted,
      EventTypes.ProvisioningSucceeded,
      EventTypes.SubscriberActivated,
    ]);
    const expectedTrace = traceIdOf(rootTraceparentOf(BSS_SOURCE, eventId));
    for (const record of emitted) {
      expect(record.headers.ce_correlationid).toBe(eventId);
      expect(traceIdOf(record.headers.traceparent)).toBe(expectedTrace);
      // Same key, same partitioner: the saga's events stay in order behind the BSS's request.
      expect(record.partition).toBe(request.partition);
    }
    expect(emitted[0].headers.ce_causationid).toBe(eventId);

    const [consumed] = await stack.db.query<Record<string, string>[]>(
      `SELECT correlation_id, causation_id, integration_point, owner_team FROM audit_ledger
        WHERE event_id = $1 AND kind = 'event-consumed'`,
      [eventId],
    );
    expect(consumed).toEqual({
      correlation_id: eventId,
      causation_id: eventId,
      integration_point: 'bss-to-handoff',
      owner_team: 'billing-ops',
    });
    const [activation] = await stack.db.query<{ state: string }[]>(
      'SELECT state FROM activations WHERE activation_id = $1',
      [activationId],
    );
    expect(activation.state).toBe('completed');
    expect(await stack.mno.provisioned(iccid)).toHaveLength(1);
  });

  it('continues the trace of the traceparent it sent, tracing off (no exporter): each event Handoff emits in that trace, a span of its own', async () => {
    const traceId = randomBytes(16).toString('hex');
    const sentSpan = randomBytes(8).toString('hex');
    const { subscriberId } = await publishWithKcat(() => ({
      traceparent: `00-${traceId}-${sentSpan}-01`,
    }));
    const records = () => lifecycle.records.filter((r) => r.key === subscriberId);
    await waitFor(
      'SubscriberActivated',
      () => records().some((r) => r.headers.ce_type === EventTypes.SubscriberActivated),
      30_000,
    );
    const emitted = records()
      .slice(1)
      .map((r) => r.headers.traceparent);
    expect(emitted).toHaveLength(3);
    for (const traceparent of emitted) {
      expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    }
    const spanIds = emitted.map((t) => t.split('-')[2]);
    expect(new Set([sentSpan, ...spanIds]).size).toBe(4);
  });
});
