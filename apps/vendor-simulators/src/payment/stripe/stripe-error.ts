import type { ServerResponse } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBodyFormatter } from '../../shared/errors/simulator.error';
import { SimulatorError } from '../../shared/errors/simulator.error';

/** Stripe's error object: `{"error": {type, code, message, …}}` on every 4xx and 5xx. */
export interface StripeErrorBody {
  error: {
    type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
    code?: string;
    decline_code?: string;
    advice_code?: string;
    message: string;
    param?: string;
    payment_intent?: unknown;
  };
}

/** Errors the shared layer raises (validation, unknown route, injected faults), in Stripe's shape. */
export const stripeErrorBody: ErrorBodyFormatter = ({
  status,
  code,
  message,
}): StripeErrorBody => ({
  error: {
    type: status >= 500 ? 'api_error' : 'invalid_request_error',
    code: code.toLowerCase(),
    message,
  },
});

/** An answer the processor decided on (a decline, a state conflict): its body is sent as built. */
export class PaymentApiError extends SimulatorError {
  constructor(
    status: number,
    readonly body: StripeErrorBody,
  ) {
    super(status, body.error.code ?? body.error.type, body.error.type, body.error.message);
  }
}

export function invalidState(message: string, paymentIntent?: unknown): PaymentApiError {
  return new PaymentApiError(400, {
    error: {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message,
      ...(paymentIntent ? { payment_intent: paymentIntent } : {}),
    },
  });
}

export function amountTooLarge(param: string, message: string): PaymentApiError {
  return new PaymentApiError(400, {
    error: { type: 'invalid_request_error', code: 'amount_too_large', param, message },
  });
}

export function resourceMissing(message: string): PaymentApiError {
  return new PaymentApiError(404, {
    error: { type: 'invalid_request_error', code: 'resource_missing', message },
  });
}

/**
 * Sends a `PaymentApiError`'s own body. Scoped to the processor's controllers, so it runs before
 * the shared catch-all filter, which only knows the code and message.
 */
@Catch(PaymentApiError)
export class PaymentApiErrorFilter implements ExceptionFilter {
  catch(exception: PaymentApiError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<ServerResponse>();
    if (res.headersSent) return;
    res.statusCode = exception.getStatus();
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(exception.body));
  }
}
