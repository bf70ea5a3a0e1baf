import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { DeadLetterErrorsFilter } from './http/dead-letter-errors.filter';
import { OpsModule } from './ops.module';

export interface RunningOpsApi {
  url: string;
  app: INestApplication;
  close(): Promise<void>;
}

export interface OpsApiOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** 127.0.0.1 unless given. */
  host?: string;
}

/** Starts the ops HTTP API. OpenAPI at `/docs`. */
export async function startOpsApi({
  port,
  host = '127.0.0.1',
}: OpsApiOptions): Promise<RunningOpsApi> {
  const app = await NestFactory.create(OpsModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new DeadLetterErrorsFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Handoff ops API')
      .setDescription(
        'Dead-letter browse, replay and discard; redrive of held activations; correlation traces from the audit ledger',
      )
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'operator API key' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  await app.listen(port, host);
  const server = app.getHttpServer() as Server;
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  return { url, app, close: () => app.close() };
}
