export * from './ledger-entry';
export * from './ledger.store';
