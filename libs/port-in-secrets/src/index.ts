export * from './port-in-secret.store';
export * from './port-in-secret.sweeper';
export * from './port-in-secrets.config';
export * from './port-in-secrets.errors';
export * from './claim-check';
