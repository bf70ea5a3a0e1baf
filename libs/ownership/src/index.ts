export { OwnershipMatrix } from './ownership-matrix';
export type { Owner, ServiceIntegrations, TopicDirection } from './ownership-matrix';
export { DEFAULT_OWNERSHIP_PATH, loadOwnershipMatrix } from './load-ownership';
export { OwnershipMatrixError, UnownedIntegrationPointError } from './ownership-errors';
export type { UnownedIntegration, UnownedKind } from './ownership-errors';
export { describeUncovered, type CategoryCoverage } from './sla-coverage';
export type {
  Accountable,
  ErrorCategory,
  EscalationParty,
  EscalationStep,
  IntegrationPoint,
  OperationSla,
  OwnershipDocument,
  Sla,
  Team,
} from './ownership.schema';
export { parsePercent } from './percent';
