export * from './flow-health';
export * from './integration-map';
