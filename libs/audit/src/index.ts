export * from './ledger-entry';
export * from './ledger.store';
export * from './vendor-call-stats';
