export * from './handoff-error';
export * from './deferred-error';
export * from './retry-with-backoff';
export * from './create-breaker';
export * from './breaker-group';
export * from './awaiting-completion-error';
export * from './vendor-probe';
