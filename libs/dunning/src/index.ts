export * from './dunning.port';
