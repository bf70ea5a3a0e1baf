import { PassThrough } from 'node:stream';
import type { Server } from 'node:http';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PinoLogger } from 'nestjs-pino';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import request from 'supertest';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { CORRELATION_ID_HEADER, ObservabilityModule } from './observability.module';
import { startTracing } from './tracing/tracing';

const spans = new InMemorySpanExporter();
startTracing({ service: 'test', exporters: [spans] });

@Controller('activations')
class ActivationsController {
  constructor(private readonly logger: PinoLogger) {}

  @Get()
  list(): string[] {
    this.logger.info({ msisdn: '+14155550123' }, 'listing activations');
    return [];
  }

  @Get('by/:number')
  byNumber(): string[] {
    return [];
  }

  @Get('mine')
  mine(): string[] {
    this.logger.assign({ iccid: '8901410321111851234' });
    this.logger.info('listing activations');
    return [];
  }
}

describe('ObservabilityModule', () => {
  let app: INestApplication;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    __resetOutOfContextForTests();
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
    });
    const moduleRef = await Test.createTestingModule({
      imports: [ObservabilityModule.forRoot({ name: 'gateway', destination })],
      controllers: [ActivationsController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());
  beforeEach(() => lines.splice(0));

  const server = () => app.getHttpServer() as Server;
  const appLine = () => lines.find((l) => l.msg === 'listing activations');

  it('carries the caller correlation id into the logs and echoes it on the response', async () => {
    const response = await request(server())
      .get('/activations')
      .set(CORRELATION_ID_HEADER, 'corr-123')
      .set('authorization', 'Bearer secret-token');

    expect(response.headers[CORRELATION_ID_HEADER]).toBe('corr-123');
    expect(appLine()).toMatchObject({ name: 'gateway', correlationId: 'corr-123' });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('redacts an API key sent as x-api-key, like authorization', async () => {
    await request(server()).get('/activations').set('x-api-key', 'dk_secret-in-header');
    const completed = lines.find((l) => l.msg === 'request completed') as {
      req: { headers: Record<string, string> };
    };
    expect(completed.req.headers['x-api-key']).toBe('[Redacted]');
    expect(JSON.stringify(lines)).not.toContain('dk_secret-in-header');
  });

  it('generates a correlation id when the header is absent or unsafe', async () => {
    const response = await request(server())
      .get('/activations')
      .set(CORRELATION_ID_HEADER, 'bad id <script>');

    const generated = response.headers[CORRELATION_ID_HEADER];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(appLine()?.correlationId).toBe(generated);
  });

  it('masks personal data in application logs', async () => {
    await request(server()).get('/activations');
    expect(appLine()?.msisdn).toBe('+1415*****23');
  });

  it('masks personal data in fields assigned to the request logger', async () => {
    await request(server()).get('/activations/mine');
    expect(appLine()?.iccid).toBe('890141*********1234');
  });

  it('masks a number or ICCID in the request line: path, encoded path, parameters and query', async () => {
    await request(server()).get('/activations/by/+14155550123?iccid=8901410321111851234');
    await request(server()).get('/activations/by/%2B14155550123');
    const logged = JSON.stringify(lines.filter((l) => l.msg === 'request completed'));
    expect(logged).toContain('+1415*****23');
    expect(logged).not.toMatch(/14155550123|8901410321111851234/);
  });

  it('adds the trace id of a valid traceparent header', async () => {
    await request(server())
      .get('/activations')
      .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(appLine()?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it("traces the request in a server span continuing the caller's trace, named by its route", async () => {
    spans.reset();
    await request(server())
      .get('/activations')
      .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
      .expect(200);
    const [span] = spans.getFinishedSpans();
    expect(span).toMatchObject({ name: 'GET /activations', kind: SpanKind.SERVER });
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes).toMatchObject({
      'http.route': '/activations',
      'http.response.status_code': 200,
    });
  });

  it("adds the trace id of the request's new trace when the caller sent none", async () => {
    spans.reset();
    await request(server()).get('/activations').expect(200);
    const [span] = spans.getFinishedSpans();
    expect(appLine()?.traceId).toBe(span.spanContext().traceId);
  });
});
