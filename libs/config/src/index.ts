export * from './load-config';
export * from './infra.config';
