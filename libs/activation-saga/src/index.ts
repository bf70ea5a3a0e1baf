export * from './activation.repository';
export type { ActivationStatus } from './activation-status';
export * from './activation.saga';
export * from './activation-events';
export * from './lifecycle.service';
export * from './saga-commit';
export * from './saga-ledger';
export * from './provisioning.step';
