export * from './dunning.port';
export * from './dunning.config';
export * from './dunning.clock';
export * from './dunning.errors';
export * from './dunning.ledger';
export * from './dunning.runner';
