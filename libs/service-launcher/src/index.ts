export * from './service-process';
export * from './service-catalog';
export * from './service-stack';
