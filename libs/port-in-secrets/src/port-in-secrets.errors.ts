import { PermanentError } from '@handoff/resilience';

/**
 * The claim check names secrets the store no longer holds: they expired (or were deleted when the
 * activation ended). Trying again cannot bring them back; the customer needs a new request with the
 * donor operator's PIN, so this is permanent and says so.
 */
export class PortInSecretsExpiredError extends PermanentError {
  constructor(
    readonly activationId: string,
    ttlMs: number,
  ) {
    super(
      'PORT_IN.SECRETS_EXPIRED',
      `the port-in PIN and account number of ${activationId} are no longer held: they are kept ` +
        `${describeMs(ttlMs)} after the request (PORT_IN_SECRET_TTL_MS) and then deleted; ` +
        'submit a new activation with the donor operator’s PIN',
      { stage: 'validate' },
    );
  }
}

function describeMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
