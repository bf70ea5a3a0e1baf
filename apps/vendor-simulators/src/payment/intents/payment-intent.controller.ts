import type { ServerResponse } from 'node:http';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SimulatedEndpoint } from '../../shared/faults/simulated-endpoint.decorator';
import { parseOrReject, ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import { IdempotentCalls } from '../idempotency/idempotent-calls';
import type { PaymentEndpoint } from '../payment-fault-rule.schema';
import { PAYMENT_API_BASE_PATH } from '../stripe/stripe-api';
import { PaymentApiErrorFilter } from '../stripe/stripe-error';
import {
  captureBody,
  createIntentBody,
  paymentIntentSchema,
  stripeErrorSchema,
} from './payment-intent.openapi';
import {
  cancelIntentSchema,
  captureIntentSchema,
  createIntentSchema,
  type ListIntentsQuery,
  listIntentsQuery,
} from './payment-intent.schema';
import type { PaymentIntent } from './payment-intent.types';
import { PaymentIntents } from './payment-intents.service';

const endpoint = (name: PaymentEndpoint) => SimulatedEndpoint(name);
const PATH = `/${PAYMENT_API_BASE_PATH}/payment_intents`;
const idempotencyHeader = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key and body: the first answer again, nothing done twice (kept 24 h)',
};

/** `/v1/payment_intents`: authorize, read, find by idempotency key, capture, void. */
@ApiTags('payment intents')
@ApiResponse({ status: 400, description: 'Invalid request or state', schema: stripeErrorSchema })
@ApiResponse({
  status: 503,
  description: 'Unavailable (fault injected)',
  schema: stripeErrorSchema,
})
@UseFilters(PaymentApiErrorFilter)
@Controller(PATH.slice(1))
export class PaymentIntentController {
  constructor(
    @Inject(PaymentIntents) private readonly intents: PaymentIntents,
    @Inject(IdempotentCalls) private readonly calls: IdempotentCalls,
  ) {}

  @Post()
  @HttpCode(200)
  @endpoint('createIntent')
  @ApiOperation({ summary: 'Create and confirm a payment intent: authorize now, capture later' })
  @ApiHeader(idempotencyHeader)
  @ApiBody({ schema: createIntentBody })
  @ApiResponse({ status: 200, description: 'Authorized', schema: paymentIntentSchema })
  @ApiResponse({ status: 402, description: 'Declined by the issuer', schema: stripeErrorSchema })
  create(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: ServerResponse,
  ): PaymentIntent {
    return this.calls.run({ key, method: 'POST', path: PATH, body, res }, (stored) =>
      this.intents.authorize(parseOrReject(createIntentSchema, body), stored),
    );
  }

  @Get(':id')
  @endpoint('getIntent')
  @ApiOperation({ summary: 'Read a payment intent' })
  @ApiResponse({ status: 200, schema: paymentIntentSchema })
  @ApiResponse({ status: 404, schema: stripeErrorSchema })
  get(@Param('id') id: string): PaymentIntent {
    return this.intents.get(id);
  }

  @Get()
  @endpoint('listIntents')
  @ApiOperation({
    summary: 'List payment intents, by the idempotency key they were created with and/or customer',
  })
  list(@Query(new ZodValidationPipe(listIntentsQuery, 'query')) query: ListIntentsQuery) {
    return { object: 'list', url: PATH, has_more: false, data: this.intents.list(query) };
  }

  @Post(':id/capture')
  @HttpCode(200)
  @endpoint('captureIntent')
  @ApiOperation({ summary: 'Capture all that is capturable, or part of it' })
  @ApiHeader(idempotencyHeader)
  @ApiBody({ schema: captureBody, required: false })
  @ApiResponse({ status: 200, schema: paymentIntentSchema })
  capture(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: ServerResponse,
  ): PaymentIntent {
    const path = `${PATH}/${id}/capture`;
    return this.calls.run({ key, method: 'POST', path, body, res }, (stored) =>
      this.intents.capture(id, parseOrReject(captureIntentSchema, body), stored),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @endpoint('cancelIntent')
  @ApiOperation({ summary: 'Void an authorization nothing was captured from' })
  @ApiHeader(idempotencyHeader)
  @ApiResponse({ status: 200, schema: paymentIntentSchema })
  cancel(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: ServerResponse,
  ): PaymentIntent {
    const path = `${PATH}/${id}/cancel`;
    return this.calls.run({ key, method: 'POST', path, body, res }, (stored) => {
      parseOrReject(cancelIntentSchema, body);
      return this.intents.cancel(id, stored);
    });
  }
}
