import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { loadServiceConfig } from '@handoff/config';
import { Backbone } from '@handoff/messaging';
import { HandoffTransport, type TransportGroupOptions } from './handoff.transport';
import { RethrowRpcExceptionsFilter } from './rethrow-rpc-exceptions.filter';

/**
 * Boots a consumer service. Creating the app instantiates every provider, so the ownership check
 * and the database connection fail here, before any record is fetched, with their own message.
 * SIGTERM closes the transport first (stop fetching, finish in flight, commit), then the rest.
 */
export async function startConsumerService(
  module: Type | DynamicModule,
  group: TransportGroupOptions,
): Promise<INestMicroservice> {
  const transport = new HandoffTransport({
    ...group,
    maxInFlight: group.maxInFlight ?? loadServiceConfig().consumerMaxInFlight,
  });
  const app = await NestFactory.createMicroservice(module, {
    strategy: transport,
    logger: ['error', 'warn'],
    // Let the caller see why start-up failed (e.g. an unowned topic) instead of Nest aborting the process.
    abortOnError: false,
  });
  transport.attach(app.get(Backbone));
  app.useGlobalFilters(new RethrowRpcExceptionsFilter());
  app.enableShutdownHooks();
  await app.listen();
  return app;
}
