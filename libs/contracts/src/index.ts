export * from './generated/events';
export * from './errors';
export {
  loadLocalRegistry,
  type RegisteredSchema,
  type SchemaRegistry,
} from './registry/schema-registry';
export {
  readSchemaIds,
  schemaFingerprint,
  SCHEMA_IDS_FILE,
  type SchemaIdEntry,
} from './registry/schema-ids';
export { defaultContractsDir } from './schema/schema-files';
export { checkBackwardCompatibility } from './compatibility/backward-compatibility';
export type {
  CompatibilityProblem,
  CompatibilityProblemKind,
} from './compatibility/compatibility-problem';
export { validateValue, roundTripsByteForByte, type ValueError } from './fixtures/validate-value';
export { generateEventTypes, GENERATED_TYPES_FILE } from './codegen/generate-types';
export {
  runContractsCheck,
  type ContractsCheckOptions,
  type ContractsCheckReport,
} from './check/contracts-check';
export {
  checkAgainstRegistry,
  type RegistryCheckOptions,
  type RegistryQuestions,
  type RegistryCheckReport,
} from './check/registry-check';
