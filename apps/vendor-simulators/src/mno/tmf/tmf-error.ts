import type { ErrorBodyFormatter } from '../../shared/errors/simulator.error';

/** TMF630 error resource, as TMF641 v4 answers every 4xx and 5xx. `status` is a string there. */
export interface TmfError {
  '@type': 'Error';
  code: string;
  reason: string;
  message: string;
  status: string;
}

export const tmfErrorBody: ErrorBodyFormatter = ({ status, code, reason, message }): TmfError => ({
  '@type': 'Error',
  code,
  reason,
  message,
  status: String(status),
});
