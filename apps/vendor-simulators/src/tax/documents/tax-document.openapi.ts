import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  JURISDICTION_LEVELS,
  SERVICE_TYPES,
  TRANSACTION_TYPES,
} from '../jurisdictions/jurisdiction.types';

const minor = { type: 'integer', description: 'minor units (cents)' } as const;

const serviceAddress: SchemaObject = {
  type: 'object',
  required: ['state', 'postalCode'],
  properties: {
    street: { type: 'string' },
    city: { type: 'string' },
    state: { type: 'string', example: 'WA' },
    postalCode: { type: 'string', example: '98101' },
    country: { type: 'string', default: 'US' },
  },
};

const chargeLine: SchemaObject = {
  type: 'object',
  required: ['ref', 'transactionType', 'serviceType', 'amount'],
  properties: {
    ref: { type: 'string', example: 'activation-fee' },
    transactionType: { type: 'string', enum: [...TRANSACTION_TYPES] },
    serviceType: {
      type: 'string',
      enum: [...SERVICE_TYPES],
      description: 'cellular: activation, access (monthly plan), usage; prepaidWireless: recharge',
    },
    amount: { ...minor, example: 2500 },
    lines: {
      type: 'integer',
      minimum: 1,
      default: 1,
      description: 'per-line fees apply this often',
    },
  },
};

export const calculateRequestOpenApi: SchemaObject = {
  type: 'object',
  required: ['documentCode', 'transactionDate', 'currency', 'lines'],
  description: 'Exactly one of serviceAddress and jurisdictionCode',
  properties: {
    documentCode: { type: 'string', example: 'ACT-0b9f6c1e', description: 'the caller’s key' },
    transactionDate: { type: 'string', format: 'date' },
    currency: { type: 'string', enum: ['USD'] },
    serviceAddress,
    jurisdictionCode: { type: 'string', example: 'US-WA-SEATTLE' },
    lines: { type: 'array', minItems: 1, items: chargeLine },
  },
};

const taxLine: SchemaObject = {
  type: 'object',
  properties: {
    level: { type: 'string', enum: [...JURISDICTION_LEVELS] },
    jurisdictionName: { type: 'string' },
    name: { type: 'string', example: 'Federal Universal Service Fund' },
    kind: { type: 'string', enum: ['tax', 'regulatoryFee'] },
    rate: {
      type: 'string',
      nullable: true,
      example: '0.065000',
      description: 'null: per-line fee',
    },
    taxableAmount: minor,
    taxAmount: minor,
  },
};

const taxedLine: SchemaObject = {
  ...chargeLine,
  properties: {
    ...chargeLine.properties,
    taxes: { type: 'array', items: taxLine, description: 'empty where the engine taxes nothing' },
    taxAmount: { ...minor, description: 'the exact sum of taxes[].taxAmount' },
  },
};

const totals: SchemaObject = {
  type: 'object',
  properties: { amount: minor, taxAmount: { ...minor, description: 'the exact sum of the lines' } },
};

export const taxDocumentOpenApi: SchemaObject = {
  type: 'object',
  properties: {
    documentCode: { type: 'string' },
    status: { type: 'string', enum: ['quoted', 'committed', 'voided'] },
    version: { type: 'integer' },
    transactionDate: { type: 'string', format: 'date' },
    currency: { type: 'string' },
    jurisdiction: {
      type: 'object',
      properties: { code: { type: 'string' }, name: { type: 'string' } },
    },
    lines: { type: 'array', items: taxedLine },
    totals,
    adjustments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          adjustmentCode: { type: 'string' },
          reason: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          lines: { type: 'array', items: taxedLine },
          totals,
        },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    committedAt: { type: 'string', format: 'date-time' },
    voidedAt: { type: 'string', format: 'date-time' },
    voidReason: { type: 'string' },
  },
};

export const adjustRequestOpenApi: SchemaObject = {
  type: 'object',
  required: ['adjustmentCode', 'reason', 'lines'],
  properties: {
    adjustmentCode: { type: 'string', description: 'one adjustment per code' },
    reason: { type: 'string', example: 'refund' },
    lines: {
      type: 'array',
      minItems: 1,
      items: chargeLine,
      description: 'negative amounts refund',
    },
  },
};

export const voidRequestOpenApi: SchemaObject = {
  type: 'object',
  required: ['reason'],
  properties: { reason: { type: 'string', example: 'payment declined' } },
};

export const geocodeRequestOpenApi: SchemaObject = {
  type: 'object',
  required: ['serviceAddress'],
  properties: { serviceAddress },
};

export const jurisdictionOpenApi: SchemaObject = {
  type: 'object',
  properties: { code: { type: 'string' }, name: { type: 'string' } },
};

/** One configured jurisdiction: a place with no tax rules resolves but is taxed nothing. */
export const jurisdictionConfigurationOpenApi: SchemaObject = {
  type: 'object',
  properties: {
    code: { type: 'string', example: 'US-GU-HAGATNA' },
    name: { type: 'string' },
    country: { type: 'string', example: 'US' },
    state: { type: 'string', example: 'GU' },
    postalCodes: { type: 'array', items: { type: 'string' } },
    revision: { type: 'integer', description: 'changes whenever its configuration does' },
    taxRuleCount: { type: 'integer', description: '0: resolved, but taxed nothing' },
  },
};

export const taxErrorOpenApi: SchemaObject = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', example: 'DOCUMENT_LOCKED' },
        message: { type: 'string' },
        status: { type: 'integer' },
      },
    },
  },
};
