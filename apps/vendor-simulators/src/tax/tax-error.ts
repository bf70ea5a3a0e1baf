import { SimulatorError, type ErrorBodyFormatter } from '../shared/errors/simulator.error';

/** The engine's error body: `{"error": {"code", "message", "status"}}`, as AFC-style APIs answer. */
export const taxErrorBody: ErrorBodyFormatter = ({ status, code, message }) => ({
  error: { code, message, status },
});

export const taxError = {
  notFound: (code: string) =>
    new SimulatorError(404, 'DOCUMENT_NOT_FOUND', 'Not Found', `no document with code ${code}`),
  locked: (code: string, status: string) =>
    new SimulatorError(
      409,
      'DOCUMENT_LOCKED',
      'Conflict',
      `document ${code} is ${status}: it can only be voided or adjusted, not recalculated`,
    ),
  voided: (code: string) =>
    new SimulatorError(409, 'DOCUMENT_VOIDED', 'Conflict', `document ${code} is voided`),
  notCommitted: (code: string) =>
    new SimulatorError(
      409,
      'DOCUMENT_NOT_COMMITTED',
      'Conflict',
      `document ${code} is not committed: recalculate a quote instead of adjusting it`,
    ),
  adjustmentConflict: (code: string) =>
    new SimulatorError(
      409,
      'ADJUSTMENT_CONFLICT',
      'Conflict',
      `adjustment ${code} exists with other lines`,
    ),
  unresolved: () =>
    new SimulatorError(
      422,
      'JURISDICTION_NOT_FOUND',
      'Unprocessable Entity',
      'the service address or jurisdiction code resolves to no taxing jurisdiction',
    ),
  noCoverage: (code: string) =>
    new SimulatorError(
      404,
      'COVERAGE_NOT_FOUND',
      'Not Found',
      `no tax configuration to load or unload for jurisdiction ${code}`,
    ),
};
