import { z } from 'zod';
import { fieldErrorsOf, type FieldError } from '@handoff/activation-requests';
import type {
  ActivationState,
  DealerActivationFilter,
  ListPosition,
} from '@handoff/activation-saga';
import { decodeCursor } from './list-cursor';

export const ACTIVATION_STATES: readonly ActivationState[] = [
  'acknowledged',
  'inProgress',
  'completed',
  'failed',
  'rejected',
  'held',
];
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const instant = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' })
  .transform((value) => new Date(value));

const paramsSchema = z
  .object({
    state: z.enum(ACTIVATION_STATES as [ActivationState, ...ActivationState[]], {
      errorMap: () => ({ message: `must be one of ${ACTIVATION_STATES.join(', ')}` }),
    }),
    requestedFrom: instant,
    requestedTo: instant,
    limit: z.coerce
      .number({ invalid_type_error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`),
    cursor: z.string(),
  })
  .partial()
  .strict();

/** The query of `GET /v1/activations`, checked. */
export interface ListParams {
  filter: DealerActivationFilter;
  limit: number;
  after?: ListPosition;
  /** The filters as given, for the next page's link. */
  query: Record<string, string>;
}

export type ListParamsResult =
  { ok: true; params: ListParams } | { ok: false; fields: FieldError[] };

function repeated(raw: Record<string, unknown>): FieldError[] {
  return Object.entries(raw)
    .filter(([, value]) => Array.isArray(value))
    .map(([field]) => ({ field, message: 'must be given once' }));
}

/** Every failing query parameter at once; an unknown one is refused rather than ignored. */
export function listParamsOf(raw: Record<string, unknown>): ListParamsResult {
  const twice = repeated(raw);
  if (twice.length > 0) return { ok: false, fields: twice };
  const parsed = paramsSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldErrorsOf(parsed.error).map((error) =>
      error.message === 'unknown field' ? { ...error, message: 'unknown query parameter' } : error,
    );
    return { ok: false, fields };
  }
  const { state, requestedFrom, requestedTo, limit, cursor } = parsed.data;
  const fields: FieldError[] = [];
  if (requestedFrom && requestedTo && requestedFrom >= requestedTo) {
    fields.push({ field: 'requestedTo', message: 'must be later than requestedFrom' });
  }
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after) {
    fields.push({
      field: 'cursor',
      message: 'is not a cursor this API issued; start again without it',
    });
  }
  if (fields.length > 0) return { ok: false, fields };
  const query = Object.fromEntries(
    Object.entries(raw).filter(([name]) => name !== 'cursor' && name !== 'limit'),
  ) as Record<string, string>;
  const filter = { state, requestedFrom, requestedBefore: requestedTo };
  return { ok: true, params: { filter, limit: limit ?? DEFAULT_PAGE_SIZE, after, query } };
}
