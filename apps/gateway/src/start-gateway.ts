import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { LogLevel } from '@handoff/observability';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { JSON_BODY_LIMIT, answerBodyParserErrors } from './http/body-parser-errors';
import { HttpErrorsFilter } from './http/http-errors.filter';
import { setupOpenApi } from './http/openapi.setup';

export interface GatewayOptions {
  /** 0 picks a free port (tests, the demo). */
  port: number;
  /** 127.0.0.1 unless given. */
  host?: string;
  /** LOG_LEVEL unless given. */
  logLevel?: LogLevel;
  /** GATEWAY_RATE_LIMIT_PER_MINUTE unless given. */
  rateLimitPerMinute?: number;
  /** Where request logs go; stdout unless given. */
  logDestination?: DestinationStream;
  /** PORT_IN_SECRET_TTL_MS unless given. */
  portInSecretTtlMs?: number;
}

export interface RunningGateway {
  /** e.g. `http://127.0.0.1:18080` */
  url: string;
  app: NestExpressApplication;
  close(): Promise<void>;
}

/** Starts the gateway in this process and resolves once it is listening. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const config = loadGatewayConfig();
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.forRoot({
      logLevel: options.logLevel ?? config.logLevel,
      rateLimitPerMinute: options.rateLimitPerMinute ?? config.rateLimitPerMinute,
      logDestination: options.logDestination,
      portInSecretTtlMs: options.portInSecretTtlMs ?? config.portInSecrets.ttlMs,
    }),
    {
      bufferLogs: true,
      // Registered below, so its errors can be answered before Nest turns them into a bare 400.
      bodyParser: false,
      // Let the caller see why start-up failed (e.g. no database) instead of Nest exiting the process.
      abortOnError: false,
    },
  );
  try {
    app.useLogger(app.get(Logger));
    app.disable('x-powered-by');
    app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
    app.use(answerBodyParserErrors);
    app.useGlobalFilters(new HttpErrorsFilter());
    setupOpenApi(app);
    const host = options.host ?? '127.0.0.1';
    await app.listen(options.port, host);
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return { url, app, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
