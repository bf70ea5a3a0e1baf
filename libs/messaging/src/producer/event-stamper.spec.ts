import { context, trace as traceApi } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { loadLocalRegistry } from '@handoff/contracts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventCodec } from '../envelope/event-codec';
import { AvroSerde } from '../serde/avro-serde';
import { Topics } from '../topics/topic-catalog';
import { EventStamper, type OwnershipLookup } from './event-stamper';

const TYPE = 'handoff.activation.ActivationRequested';
const data = JSON.parse(
  readFileSync(resolve(__dirname, `../../../../contracts/fixtures/valid/${TYPE}.v2.json`), 'utf8'),
) as Record<string, unknown>;
const points: Record<string, string> = {
  'handoff-to-mno': 'network-ops',
  'dealer-portal-to-handoff': 'dealer-ops',
};
const ownership: OwnershipLookup = {
  ownerOf: (topic, direction) =>
    topic === Topics.SubscriberLifecycle && direction === 'produce'
      ? { integrationPoint: 'handoff-to-bss', ownerTeam: 'billing-ops' }
      : undefined,
  ownerOfPoint: (id) => (points[id] ? { integrationPoint: id, ownerTeam: points[id] } : undefined),
};
const spans = new InMemorySpanExporter();
const tracer = new TracerProvider({
  sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
  spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
}).getTracer('test');
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const codec = new EventCodec(new AvroSerde(loadLocalRegistry()));
const stamper = (producesAt?: string) =>
  new EventStamper('handoff/test', codec, ownership, tracer, producesAt);
const owner = (headers: Record<string, string>) => [
  headers.handoff_integration_point,
  headers.handoff_owner_team,
];

describe('EventStamper ownership', () => {
  const event = { type: TYPE, subject: 'sub-1', data };

  it('stamps the owner of the integration point that produces the topic', () => {
    expect(owner(stamper().stamp(event).headers)).toEqual(['handoff-to-bss', 'billing-ops']);
  });

  it("stamps the service's own integration point when it names one", () => {
    expect(owner(stamper('dealer-portal-to-handoff').stamp(event).headers)).toEqual([
      'dealer-portal-to-handoff',
      'dealer-ops',
    ]);
  });

  it('stamps the point an event names, and falls back to the topic owner for an unknown one', () => {
    expect(
      owner(stamper().stamp({ ...event, integrationPoint: 'handoff-to-mno' }).headers),
    ).toEqual(['handoff-to-mno', 'network-ops']);
    expect(owner(stamper().stamp({ ...event, integrationPoint: 'nowhere' }).headers)).toEqual([
      'handoff-to-bss',
      'billing-ops',
    ]);
  });

  it('refuses a topic nobody owns', () => {
    expect(() => stamper().stamp({ ...event, topic: 'handoff.unowned.v1' })).toThrow(
      /no integration point owns/,
    );
  });
});

describe('EventStamper trace context', () => {
  const event = { type: TYPE, subject: 'sub-1', data };
  const CAUSE_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  const cause = (traceparent: string) =>
    ({ id: 'cause-1', correlationId: 'corr-1', traceparent }) as Parameters<
      EventStamper['stamp']
    >[1];
  const traceparentOf = (c?: Parameters<EventStamper['stamp']>[1]) =>
    stamper().stamp(event, c).headers.traceparent;
  const FORMAT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

  beforeEach(() => spans.reset());

  it('starts a new sampled trace for an event with no cause, outside any span', () => {
    const [a, b] = [traceparentOf(), traceparentOf()];
    expect(a).toMatch(FORMAT);
    expect(a.split('-')[1]).not.toBe(b.split('-')[1]);
  });

  it("continues its cause's trace with a producer span of its own", () => {
    const header = traceparentOf(cause(`00-${CAUSE_TRACE}-00f067aa0ba902b7-01`));
    expect(header).toMatch(new RegExp(`^00-${CAUSE_TRACE}-[0-9a-f]{16}-01$`));
    const [span] = spans.getFinishedSpans();
    expect(span.name).toBe(`create ${Topics.SubscriberLifecycle}`);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(header.split('-')[2]).toBe(span.spanContext().spanId);
    expect(span.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': Topics.SubscriberLifecycle,
      'messaging.message.conversation_id': 'corr-1',
    });
  });

  it('keeps an unsampled cause unsampled', () => {
    expect(traceparentOf(cause(`00-${CAUSE_TRACE}-00f067aa0ba902b7-00`))).toMatch(
      new RegExp(`^00-${CAUSE_TRACE}-[0-9a-f]{16}-00$`),
    );
  });

  it.each([
    ['empty', ''],
    ['version ff', `ff-${CAUSE_TRACE}-00f067aa0ba902b7-01`],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['uppercase', `00-${CAUSE_TRACE.toUpperCase()}-00F067AA0BA902B7-01`],
  ])('starts a new trace when the cause carries an invalid traceparent (%s)', (_, header) => {
    const stamped = traceparentOf(cause(header));
    expect(stamped).toMatch(FORMAT);
    expect(stamped).not.toContain(CAUSE_TRACE);
  });

  it('hangs under the active span (a handler, an HTTP request) of the same trace or with no cause', () => {
    const parent = tracer.startSpan('handler');
    const { traceId, spanId } = parent.spanContext();
    const within = (c?: Parameters<EventStamper['stamp']>[1]) =>
      context.with(traceApi.setSpan(context.active(), parent), () => traceparentOf(c));
    expect(within()).toMatch(new RegExp(`^00-${traceId}-`));
    expect(within(cause(`00-${traceId}-00f067aa0ba902b7-01`))).toMatch(
      new RegExp(`^00-${traceId}-`),
    );
    expect(spans.getFinishedSpans().map((s) => s.parentSpanContext?.spanId)).toEqual([
      spanId,
      spanId,
    ]);
  });

  it("keeps the cause's trace when the active span is another trace's (an operator's replay)", () => {
    const operator = tracer.startSpan('POST /v1/dead-letters/replay');
    const stamped = context.with(traceApi.setSpan(context.active(), operator), () =>
      traceparentOf(cause(`00-${CAUSE_TRACE}-00f067aa0ba902b7-01`)),
    );
    expect(stamped).toMatch(new RegExp(`^00-${CAUSE_TRACE}-`));
  });
});
