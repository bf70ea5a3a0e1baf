import { createServiceOrderSchema } from './create-service-order.schema';

const order = (characteristics: { name: string; value?: unknown }[]) => ({
  externalId: 'act-1',
  serviceOrderItem: [
    {
      id: '1',
      action: 'add',
      service: {
        serviceSpecification: { id: 'mobile-line' },
        serviceCharacteristic: characteristics,
      },
    },
  ],
});

describe('createServiceOrderSchema', () => {
  it('reads the line out of the characteristics', () => {
    const parsed = createServiceOrderSchema.parse(
      order([
        { name: 'iccid', value: '8901260000000000001' },
        { name: 'planCode', value: 'UNL-5G-30' },
        { name: 'portIn', value: { donorOperator: 'Donor', accountNumber: null, pin: null } },
        { name: 'msisdn', value: '14155550123' },
      ]),
    );
    expect(parsed.line).toMatchObject({ iccid: '8901260000000000001', msisdn: '14155550123' });
  });

  it('reports a problem at the characteristic it concerns, by name', () => {
    const result = createServiceOrderSchema.safeParse(
      order([
        { name: 'iccid', value: '1234' },
        { name: 'planCode', value: 'P' },
        { name: 'portIn', value: { donorOperator: 'Donor' } },
      ]),
    );
    const paths = result.success ? [] : result.error.issues.map((i) => i.path.join('/'));
    expect(paths).toEqual([
      'serviceOrderItem/0/service/serviceCharacteristic/[iccid]',
      'serviceOrderItem/0/service/serviceCharacteristic/[msisdn]',
    ]);
  });
});
