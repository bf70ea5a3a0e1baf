export * from './tax-engine.port';
export * from './tax-engine.errors';
export * from './tax-engine.config';
export * from './tax-engine.axios-adapter';
export * from './contract-tax-lines';
