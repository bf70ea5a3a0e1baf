// The test entry, @handoff/mno-provisioning/testing: the port's fake for other libs' unit specs.
// Kept out of the production index so no service can wire a fake by accident (docs/boundaries.md).
export * from '../mno-provisioning.fake';
