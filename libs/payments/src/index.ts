export * from './money';
export * from './decline-category';
export * from './payments.port';
export * from './payments.errors';
export * from './payments.config';
export * from './payments.axios-adapter';
