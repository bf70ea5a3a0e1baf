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
    action: {
      type: 'string',
      enum: ['add', 'modify', 'delete'],
      description: 'add: activate a line; modify: change one thing on it; delete: deactivate it',
    },
    state: { type: 'string', readOnly: true },
    service: {
      type: 'object',
      required: ['serviceSpecification', 'serviceCharacteristic'],
      properties: {
        id: {
          type: 'string',
          description: 'modify/delete: the line (TMF638 service id); else the iccid characteristic',
        },
        state: {
          type: 'string',
          enum: ['suspended', 'active'],
          description: 'modify: suspended (suspend) or active (resume); on answers the line state',
        },
        serviceSpecification: {
          type: 'object',
          properties: { id: { type: 'string', enum: ['mobile-line'] } },
        },
        serviceCharacteristic: {
          type: 'array',
          description:
            'add: iccid and planCode required, msisdn and portIn optional. modify: iccid (the line ' +
            'now) and one of planCode, newIccid, msisdn with portIn, or suspendReason with state ' +
            'suspended. On completion: the line as it is (iccid, imsi, msisdn, planCode)',
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
    externalId: {
      type: 'string',
      description: 'The caller’s id (Handoff: the activation id, or the lifecycle request id)',
    },
    description: { type: 'string' },
    notificationUrl: { type: 'string', description: 'Non-standard: state changes are posted here' },
    state: {
      type: 'string',
      enum: ['acknowledged', 'pending', 'inProgress', 'completed', 'failed'],
      description: 'pending: a port-in waiting for the donor operator',
    },
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
