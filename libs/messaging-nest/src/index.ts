export * from './backbone.module';
export * from './consumer-app';
export * from './handoff.transport';
export * from './handoff-rpc.context';
export * from './ownership-lookup';
export * from './rethrow-rpc-exceptions.filter';
export * from './schema-source.factory';
export * from './backbone-metrics';
