export * from './care.config';
export * from './care-errors';
export * from './care-view';
export * from './care-diagnostics';
export { CARE_POINT } from './care-lookups';
export { lastFour } from './care-masking';
