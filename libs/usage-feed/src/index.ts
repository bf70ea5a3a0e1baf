export * from './usage-csv.columns';
export * from './usage-row.parser';
export * from './usage-event';
export * from './usage-file';
export * from './usage-import';
export * from './usage-invoice';
