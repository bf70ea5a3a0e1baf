export * from './load-config';
export * from './infra.config';
export * from './kafka-security.config';
export * from './service.config';
export * from './schema-registry.config';
export * from './devstack-registry.config';
export * from './tracing.config';
export * from './duration';
