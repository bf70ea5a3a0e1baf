import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PinoNestLogger, type Logger } from '@handoff/observability';

/** A simulator listening on a real port. */
export interface RunningSimulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:18081`. */
  readonly url: string;
  /** Stops timers, drops held connections and closes the port; safe to call twice. */
  close(): Promise<void>;
}

export interface SimulatorServerOptions {
  module: DynamicModule;
  host: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  openApi: { title: string; description: string; version: string };
}

/** The OpenAPI document at `/docs-json`, and Swagger UI at `/docs`. */
function serveOpenApi(app: INestApplication, openApi: SimulatorServerOptions['openApi']): void {
  const config = new DocumentBuilder()
    .setTitle(openApi.title)
    .setDescription(openApi.description)
    .setVersion(openApi.version)
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
  });
}

function urlOf(app: INestApplication, host: string): string {
  const server = app.getHttpServer() as Server;
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startSimulatorServer(
  options: SimulatorServerOptions,
): Promise<RunningSimulator> {
  const app = await NestFactory.create(options.module, {
    logger: new PinoNestLogger(options.logger, 'debug'),
    // Faults hold requests open on purpose; without this, close() would wait for them.
    forceCloseConnections: true,
    abortOnError: false,
  });
  serveOpenApi(app, options.openApi);
  await app.listen(options.port, options.host);
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(app, options.host),
    close: () => (closing ??= app.close()),
  };
}
