import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { EventTypes } from '@handoff/contracts';
import { startTracing } from '@handoff/observability';
import type { DataSource } from 'typeorm';
import { activationBody, newDealer, startTestGateway } from '../gateway/gateway-harness';
import type { RunningGateway } from '../gateway/gateway-harness';
import { sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

// Before any service starts: the services in this process record into the test's exporter.
const exported = new InMemorySpanExporter();
startTracing({ service: 'handoff-e2e', exporters: [exported] });

// Of this run alone: the orchestrator's new group also reads earlier runs' requests from the topic.
const PORTAL_TRACE = randomBytes(16).toString('hex');
const PORTAL_SPAN = '00f067aa0ba902b7';

describe('one trace from a dealer request to the MNO (gateway, Kafka, orchestrator in-process)', () => {
  const suite = sagaSuite([200, 400, 800, 1_500], 1_000);
  let gateway: RunningGateway;
  let gatewayDb: DataSource;

  beforeAll(async () => {
    ({ gateway, db: gatewayDb } = await startTestGateway());
  });

  afterAll(async () => {
    await gatewayDb?.destroy();
    await gateway?.close();
  });

  const spansOf = (traceId: string) =>
    exported.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);

  it("follows a dealer activation through the gateway, Kafka, the saga and the MNO call in the portal's trace", async () => {
    const dealer = await newDealer(gatewayDb, 'trace');
    const response = await fetch(`${gateway.url}/v1/activations`, {
      method: 'POST',
      headers: {
        ...dealer.auth,
        'content-type': 'application/json',
        traceparent: `00-${PORTAL_TRACE}-${PORTAL_SPAN}-01`,
      },
      body: JSON.stringify(activationBody()),
    });
    expect(response.status).toBe(202);
    const { correlationId, subscriberId } = (await response.json()) as Record<string, string>;
    const announced = await waitFor(
      'SubscriberActivated',
      () =>
        suite.lifecycle.records.find(
          (r) => r.key === subscriberId && r.headers.ce_type === EventTypes.SubscriberActivated,
        ),
      30_000,
    );
    // Spans are exported as they end, a consumer span after the records it emitted are sent: wait
    // until none misses its parent. A trace that never gets whole is asserted on as it stands.
    const whole = () => {
      const spans = spansOf(PORTAL_TRACE);
      const ids = new Set([PORTAL_SPAN, ...spans.map((s) => s.spanContext().spanId)]);
      const producedAt = announced.headers.traceparent.split('-')[2];
      const parented = spans.every((s) => ids.has(s.parentSpanContext?.spanId ?? ''));
      return ids.has(producedAt) && parented && spans;
    };
    const trace = await waitFor('the whole trace', whole, 10_000).catch(() =>
      spansOf(PORTAL_TRACE),
    );
    const byId = new Map(trace.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (span: ReadableSpan) => byId.get(span.parentSpanContext?.spanId ?? '');
    const one = (what: string, match: (s: ReadableSpan) => boolean) => {
      const found = trace.filter(match);
      expect({ what, found: found.length }).toEqual({ what, found: 1 });
      return found[0];
    };

    const server = one('the HTTP server span', (s) => s.kind === SpanKind.SERVER);
    expect(server.name).toBe('POST /v1/activations');
    expect(server.parentSpanContext?.spanId).toBe(PORTAL_SPAN);

    const requested = one(
      'the producer span of ActivationRequested',
      (s) => s.kind === SpanKind.PRODUCER && s.attributes['messaging.message.id'] === correlationId,
    );
    expect(parentOf(requested)).toBe(server);

    // The first delivery, and any retry of it (the MNO completes its order asynchronously).
    const consumed = trace.filter(
      (s) =>
        s.kind === SpanKind.CONSUMER &&
        s.attributes['messaging.consumer.group.name'] === suite.stack.groupId &&
        s.attributes['messaging.message.id'] === correlationId,
    );
    expect(consumed.length).toBeGreaterThanOrEqual(1);
    for (const span of consumed) expect(parentOf(span)).toBe(requested);
    const mnoOrder = one(
      'the MNO order call',
      (s) =>
        s.kind === SpanKind.CLIENT &&
        s.attributes['handoff.vendor'] === 'mno' &&
        s.attributes['http.request.method'] === 'POST',
    );
    const provisioning = parentOf(mnoOrder);
    expect(provisioning?.name).toBe('saga provisioning');
    const handler = provisioning && parentOf(provisioning);
    expect(handler?.name).toBe(`handle ${EventTypes.ActivationRequested}`);
    expect(consumed).toContain(handler && parentOf(handler));
    expect(mnoOrder?.attributes['http.response.status_code']).toBe(201);

    // Every span of the trace hangs, parent by parent, from the portal's span.
    for (const span of trace) {
      let at: ReadableSpan | undefined = span;
      while (at && at !== server) at = parentOf(at);
      expect({ span: span.name, reachesTheRequest: at === server }).toEqual({
        span: span.name,
        reachesTheRequest: true,
      });
    }
    // Each event the saga emitted names its own producer span in that trace.
    const emitted = suite.lifecycle.records.filter((r) => r.key === subscriberId);
    expect(emitted.length).toBeGreaterThanOrEqual(4);
    for (const record of emitted) {
      const [, traceId, spanId] = record.headers.traceparent.split('-');
      expect(traceId).toBe(PORTAL_TRACE);
      expect(byId.get(spanId)?.kind).toBe(SpanKind.PRODUCER);
    }
  });
});
