import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const minor = { type: 'integer', minimum: 1, maximum: 99_999_999, description: 'minor units' };
const unix = { type: 'integer', description: 'unix seconds' };

export const createIntentBody: SchemaObject = {
  type: 'object',
  required: ['amount', 'currency', 'customer', 'payment_method', 'capture_method', 'confirm'],
  properties: {
    amount: { ...minor, example: 2599 },
    currency: { type: 'string', example: 'usd', pattern: '^[a-z]{3}$' },
    customer: { type: 'string', example: 'cus_sub_123' },
    payment_method: {
      type: 'string',
      example: 'pm_card_visa',
      description: 'a token; see the docs for declining ones',
    },
    capture_method: { type: 'string', enum: ['manual'] },
    confirm: { type: 'boolean', enum: [true] },
    description: { type: 'string' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

export const paymentIntentSchema: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string', example: 'pi_3f2a…' },
    object: { type: 'string', enum: ['payment_intent'] },
    amount: minor,
    amount_capturable: { type: 'integer' },
    amount_received: { type: 'integer' },
    amount_refunded: { type: 'integer' },
    currency: { type: 'string' },
    customer: { type: 'string' },
    payment_method: { type: 'string' },
    capture_method: { type: 'string', enum: ['manual'] },
    status: {
      type: 'string',
      enum: ['requires_payment_method', 'requires_capture', 'succeeded', 'canceled'],
    },
    created: unix,
    capture_before: { ...unix, nullable: true },
    canceled_at: { ...unix, nullable: true },
    cancellation_reason: {
      type: 'string',
      enum: ['requested_by_customer', 'expired'],
      nullable: true,
    },
    last_payment_error: { type: 'object', nullable: true },
    metadata: { type: 'object' },
  },
};

export const captureBody: SchemaObject = {
  type: 'object',
  properties: {
    amount_to_capture: minor,
    final_capture: {
      type: 'boolean',
      description: 'false keeps the rest capturable (default true)',
    },
  },
};

export const refundBody: SchemaObject = {
  type: 'object',
  required: ['payment_intent'],
  properties: { payment_intent: { type: 'string' }, amount: minor },
};

export const refundSchema: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['refund'] },
    amount: { type: 'integer' },
    currency: { type: 'string' },
    payment_intent: { type: 'string' },
    status: { type: 'string', enum: ['succeeded'] },
    created: unix,
  },
};

export const stripeErrorSchema: SchemaObject = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        type: { type: 'string' },
        code: { type: 'string' },
        decline_code: { type: 'string' },
        advice_code: { type: 'string' },
        message: { type: 'string' },
        param: { type: 'string' },
        payment_intent: { type: 'object' },
      },
    },
  },
};
