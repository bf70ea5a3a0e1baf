import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** TMF638 v4 Service, reduced to what this MNO keeps about a line. */
export const serviceSchema: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    href: { type: 'string' },
    state: { type: 'string', enum: ['designed', 'active', 'suspended', 'terminated'] },
    serviceSpecification: { type: 'object', properties: { id: { type: 'string' } } },
    serviceDate: { type: 'string', format: 'date-time', description: 'Last change' },
    serviceCharacteristic: {
      type: 'array',
      description: 'iccid, imsi, msisdn (null until active), planCode, portedIn',
      items: { type: 'object', properties: { name: { type: 'string' }, value: {} } },
    },
  },
};
