import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  killStrayChildren,
  outputTail,
  startTsProcess,
  type RunningChild,
} from '../../support/child-process';
import { closedPort, waitFor } from '../../support/test-infra';

/** A collector's OTLP/HTTP endpoint: keeps every body posted to it. */
async function startCollector(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
      }
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('exporting traces over OTLP (the gateway as its own process)', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    collector = await startCollector();
  });
  afterAll(async () => {
    await killStrayChildren();
    await new Promise((done) => collector?.server.close(done));
  });

  it("sends a request's server span, in the caller's trace, to OTEL_EXPORTER_OTLP_ENDPOINT by the time the service has stopped", async () => {
    const port = await closedPort();
    const running = startTsProcess('apps/gateway/src/main.ts', {
      GATEWAY_PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      LOG_LEVEL: 'warn',
    });
    const url = `http://127.0.0.1:${port}`;
    await listening(running, url);
    const traceId = randomBytes(16).toString('hex');
    await fetch(`${url}/health/live`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });

    // Batches leave every 5 s; a clean stop flushes what is left before the process exits.
    running.child.kill('SIGTERM');
    // Nest's shutdown hooks close the app, then end the process by the signal it got.
    expect(await running.exited).toEqual({ code: null, signal: 'SIGTERM' });
    const exported = collector.bodies.find((body) => body.includes(traceId));
    expect(exported).toBeDefined();
    const spans = (
      JSON.parse(exported!) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: { name: string; traceId: string; kind: number }[] }[];
        }[];
      }
    ).resourceSpans;
    const service = spans[0].resource.attributes.find((a) => a.key === 'service.name');
    expect(service?.value.stringValue).toBe('handoff-gateway');
    const mine = spans
      .flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))
      .filter((s) => s.traceId === traceId);
    expect(mine.map((s) => s.name)).toEqual(['GET /health/live']);
  });

  it('logs that spans could not be exported when the collector is down, and still stops cleanly', async () => {
    const port = await closedPort();
    const running = startTsProcess('apps/gateway/src/main.ts', {
      GATEWAY_PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
      LOG_LEVEL: 'warn',
    });
    await listening(running, `http://127.0.0.1:${port}`);
    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: null, signal: 'SIGTERM' });
    // A child's last output may reach us just after its exit.
    const line = await waitFor('the line saying the export failed', () =>
      running
        .output()
        .split('\n')
        .find((l) => l.includes('"msg":"opentelemetry: ')),
    );
    expect(JSON.parse(line) as Record<string, unknown>).toMatchObject({
      level: 'error',
      name: 'handoff-gateway',
    });
  });
});

/** Resolves once the service answers its liveness probe; its output tail on a time-out. */
async function listening(running: RunningChild, url: string): Promise<void> {
  await waitFor(
    'the gateway listening',
    () =>
      fetch(`${url}/health/live`).then(
        (r) => r.ok,
        () => false,
      ),
    60_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${outputTail(running)}`);
  });
}
