// The test entry, @handoff/tax-engine/testing: the port's fake for other libs' unit specs.
// Kept out of the production index so no service can wire a fake by accident (docs/boundaries.md).
export * from '../tax-engine.fake';
