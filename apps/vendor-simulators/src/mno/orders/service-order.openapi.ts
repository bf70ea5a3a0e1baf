import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const characteristic: SchemaObject = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, value: {}, valueType: { type: 'string' } },
};

const item: SchemaObject = {
  type: 'object',
  required: ['id', 'action', 'service'],
  properties: {
    id: { type: 'string', example: '1' },
    action: { type: 'string', enum: ['add'] },
    state: { type: 'string', readOnly: true },
    service: {
      type: 'object',
      required: ['serviceSpecification', 'serviceCharacteristic'],
      properties: {
        id: { type: 'string', readOnly: true },
        state: { type: 'string', readOnly: true },
        serviceSpecification: {
          type: 'object',
          properties: { id: { type: 'string', enum: ['mobile-line'] } },
        },
        serviceCharacteristic: {
          type: 'array',
          description:
            'iccid and planCode required; msisdn, portIn optional; imsi added on completion',
          items: characteristic,
        },
      },
    },
  },
};

/** TMF641 v4 ServiceOrder, reduced to what this MNO reads and writes. */
export const serviceOrderSchema: SchemaObject = {
  type: 'object',
  required: ['externalId', 'serviceOrderItem'],
  properties: {
    id: { type: 'string', readOnly: true },
    href: { type: 'string', readOnly: true },
    externalId: { type: 'string', description: 'The caller’s id (Handoff: the activation id)' },
    description: { type: 'string' },
    notificationUrl: { type: 'string', description: 'Non-standard: state changes are posted here' },
    state: { type: 'string', enum: ['acknowledged', 'inProgress', 'completed', 'failed'] },
    orderDate: { type: 'string', format: 'date-time', readOnly: true },
    completionDate: { type: 'string', format: 'date-time', readOnly: true },
    serviceOrderItem: { type: 'array', minItems: 1, maxItems: 1, items: item },
    errorMessage: { type: 'array', readOnly: true, items: { type: 'object' } },
  },
};

/** TMF630 Error. */
export const tmfErrorSchema: SchemaObject = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    reason: { type: 'string' },
    message: { type: 'string' },
    status: { type: 'string' },
  },
};
