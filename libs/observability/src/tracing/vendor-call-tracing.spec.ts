import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import axios from 'axios';
import { handoffTracer, startTracing } from './tracing';
import { traceVendorCalls } from './vendor-call-tracing';

const spans = new InMemorySpanExporter();
startTracing({ service: 'test', exporters: [spans] });

describe('traceVendorCalls', () => {
  let server: Server;
  let baseURL: string;
  const received: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      res.statusCode = req.url === '/down' ? 503 : 201;
      res.end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((done) => server.close(done)));
  beforeEach(() => {
    spans.reset();
    received.splice(0);
  });

  const client = () => {
    const http = axios.create({ baseURL, validateStatus: () => true });
    traceVendorCalls(http, 'mno');
    return http;
  };

  it('sends each call in a client span under the active one, named in the traceparent it sends', async () => {
    const step = handoffTracer().startSpan('saga provisioning');
    await context.with(trace.setSpan(context.active(), step), () =>
      client().post('/serviceOrder/ICCID-in-path', {}),
    );
    step.end();
    const call = spans.getFinishedSpans().find((s) => s.kind === SpanKind.CLIENT)!;
    expect(call.name).toBe('POST');
    expect(call.parentSpanContext?.spanId).toBe(step.spanContext().spanId);
    expect(call.attributes).toEqual({
      'http.request.method': 'POST',
      'handoff.vendor': 'mno',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(baseURL).port),
      'http.response.status_code': 201,
    });
    const { traceId, spanId } = call.spanContext();
    expect(received[0].traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });

  it('fails the span of a 5xx answer and of a call that never got one', async () => {
    await client().get('/down');
    await expect(
      client().get('/', { timeout: 1, baseURL: 'http://127.0.0.1:1' }),
    ).rejects.toThrow();
    const [down, refused] = spans.getFinishedSpans();
    expect(down.status.code).toBe(SpanStatusCode.ERROR);
    expect(down.attributes['http.response.status_code']).toBe(503);
    expect(refused.status.code).toBe(SpanStatusCode.ERROR);
    expect(refused.events.map((e) => e.name)).toEqual(['exception']);
  });
});
