export * from './handoff-error';
