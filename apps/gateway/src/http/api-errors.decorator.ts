import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto, ValidationErrorBodyDto } from '../activations/dto/error-body.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'invalid_request (every failing field named) or malformed_json; nothing was written',
  401: 'unauthorized: no API key, or one that is unknown or revoked',
  404: "not_found: no such activation, subscriber or request among this dealer's",
  409: 'idempotency_conflict: the Idempotency-Key was used with another body',
  429: 'rate_limited: over the per-dealer limit; Retry-After gives the seconds to wait',
};

/** Documents the error answers of an endpoint, all in the gateway's one error shape. */
export function ApiErrors(...statuses: (keyof typeof DESCRIPTIONS)[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        type: status === 400 ? ValidationErrorBodyDto : ErrorBodyDto,
      }),
    ),
  );
}
