import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { loadServiceConfig } from '@handoff/config';
import { Backbone } from '@handoff/messaging';
import { createLogger, PinoNestLogger, type LogLevel } from '@handoff/observability';
import { HandoffTransport, type TransportGroupOptions } from './handoff.transport';
import { RethrowRpcExceptionsFilter } from './rethrow-rpc-exceptions.filter';

export interface ConsumerServiceLog {
  /** The `name` on Nest's own lines; the consumer group unless given. */
  service?: string;
  /** LOG_LEVEL unless given (tests pass `silent`). */
  level?: LogLevel;
}

/**
 * Boots a consumer service. Creating the app instantiates every provider, so the ownership check
 * and the database connection fail here, before any record is fetched, with their own message.
 * SIGTERM closes the transport first (stop fetching, finish in flight, commit), then the rest.
 */
export async function startConsumerService(
  module: Type | DynamicModule,
  group: TransportGroupOptions,
  log: ConsumerServiceLog = {},
): Promise<INestMicroservice> {
  const transport = new HandoffTransport({
    ...group,
    maxInFlight: group.maxInFlight ?? loadServiceConfig().consumerMaxInFlight,
  });
  const app = await NestFactory.createMicroservice(module, {
    strategy: transport,
    // Nest's bootstrap lines wait for the service's own logger (below) instead of the console.
    bufferLogs: true,
    // Let the caller see why start-up failed (e.g. an unowned topic) instead of Nest aborting the process.
    abortOnError: false,
  });
  const name = log.service ?? group.groupId;
  const level = log.level ?? loadServiceConfig().logLevel;
  app.useLogger(new PinoNestLogger(createLogger({ name, level })));
  transport.attach(app.get(Backbone));
  app.useGlobalFilters(new RethrowRpcExceptionsFilter());
  app.enableShutdownHooks();
  await app.listen();
  return app;
}
