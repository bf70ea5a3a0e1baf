import { TAX_INTEGRATION_POINT } from '@handoff/tax-engine';
import { TAX_HOLD_REASON } from '../tax-hold';

/**
 * Holds an operator may re-drive, and the integration point that owns each: the fix is theirs, so
 * the redrive's event and ledger row are theirs too. A hold not listed here (the MNO's breaker)
 * resumes by itself and is never re-driven by hand.
 */
export const REDRIVABLE_HOLDS: Readonly<Record<string, string>> = {
  [TAX_HOLD_REASON]: TAX_INTEGRATION_POINT,
};

export const REDRIVE_DEFAULTS = { limit: 500 } as const;

export interface RedriveRequest {
  /** Why, for the audit trail; a leading dotted code is kept (`TAX.CONFIG_FIXED: CHG-812`). */
  reason: string;
  operator: { operatorId: string };
  /** These activations only; otherwise every held activation (up to `limit`). */
  activationIds?: readonly string[];
  /** Only activations held for this reason; default every reason in `REDRIVABLE_HOLDS`. */
  reasonCode?: string;
  /** Say per activation what would happen; change nothing. */
  dryRun?: boolean;
  /** At most this many held activations when none are named; default 500. */
  limit?: number;
  onProgress?: (done: number, total: number, result: RedriveResult) => void;
}

export type RedriveOutcome = 'redriven' | 'wouldRedrive' | 'skipped' | 'notFound';

export interface RedriveResult {
  activationId: string;
  outcome: RedriveOutcome;
  subscriberId: string | null;
  heldReasonCode: string | null;
  heldStep: string | null;
  /** For people: what happened or would happen, or why nothing did. */
  detail: string;
  /** The request's id (the event's and the ledger row's), when one was sent. */
  redriveId?: string;
}

export interface RedriveReport {
  dryRun: boolean;
  operatorId: string;
  reason: string;
  counts: Record<RedriveOutcome, number>;
  results: RedriveResult[];
  /** False when more held activations matched than `limit`: run again for the rest. */
  complete: boolean;
}

/** A request that cannot be carried out as asked; the API answers 400, the CLI prints it. */
export class InvalidRedriveRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRedriveRequestError';
  }
}

export interface ValidRedrive {
  reason: string;
  reasonCodes: string[];
  activationIds?: readonly string[];
  limit: number;
}

export function validRedrive(request: RedriveRequest): ValidRedrive {
  const reason = request.reason?.trim() ?? '';
  if (!reason) throw new InvalidRedriveRequestError('a reason is required, for the audit trail');
  const known = Object.keys(REDRIVABLE_HOLDS);
  if (request.reasonCode !== undefined && !known.includes(request.reasonCode)) {
    throw new InvalidRedriveRequestError(
      `reason code ${request.reasonCode} is not a hold that is re-driven by hand; known: ${known.join(', ')}`,
    );
  }
  const limit = request.limit ?? REDRIVE_DEFAULTS.limit;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidRedriveRequestError('limit must be a whole number, 1 or more');
  }
  const ids = request.activationIds?.filter((id) => id.trim() !== '');
  return {
    reason,
    reasonCodes: request.reasonCode ? [request.reasonCode] : known,
    activationIds: ids && ids.length > 0 ? [...new Set(ids)] : undefined,
    limit,
  };
}
