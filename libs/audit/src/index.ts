export * from './ledger-entry';
export * from './ledger.store';
export * from './ledger-partitions';
export * from './ledger-activity';
export * from './vendor-call-stats';
