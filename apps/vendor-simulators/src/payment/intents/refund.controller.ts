import type { ServerResponse } from 'node:http';
import { Body, Controller, Headers, HttpCode, Inject, Post, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SimulatedEndpoint } from '../../shared/faults/simulated-endpoint.decorator';
import { parseOrReject } from '../../shared/validation/zod-validation.pipe';
import { IdempotentCalls } from '../idempotency/idempotent-calls';
import { PAYMENT_API_BASE_PATH } from '../stripe/stripe-api';
import { PaymentApiErrorFilter } from '../stripe/stripe-error';
import { refundBody, refundSchema, stripeErrorSchema } from './payment-intent.openapi';
import { createRefundSchema } from './payment-intent.schema';
import type { Refund } from './payment-intent.types';
import { PaymentIntents } from './payment-intents.service';

const PATH = `/${PAYMENT_API_BASE_PATH}/refunds`;

/** `/v1/refunds`: give back all or part of what a payment intent captured. */
@ApiTags('refunds')
@UseFilters(PaymentApiErrorFilter)
@Controller(PATH.slice(1))
export class RefundController {
  constructor(
    @Inject(PaymentIntents) private readonly intents: PaymentIntents,
    @Inject(IdempotentCalls) private readonly calls: IdempotentCalls,
  ) {}

  @Post()
  @HttpCode(200)
  @SimulatedEndpoint('createRefund')
  @ApiOperation({ summary: 'Refund all that was captured and not refunded, or `amount` of it' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: refundBody })
  @ApiResponse({ status: 200, schema: refundSchema })
  @ApiResponse({ status: 400, description: 'More than is refundable', schema: stripeErrorSchema })
  create(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: ServerResponse,
  ): Refund {
    return this.calls.run({ key, method: 'POST', path: PATH, body, res }, (stored) =>
      this.intents.refund(parseOrReject(createRefundSchema, body), stored),
    );
  }
}
