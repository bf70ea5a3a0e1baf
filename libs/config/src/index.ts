export * from './load-config';
export * from './infra.config';
export * from './service.config';
