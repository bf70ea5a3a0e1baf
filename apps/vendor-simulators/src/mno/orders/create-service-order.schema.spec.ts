import { createServiceOrderSchema } from './create-service-order.schema';

const order = (
  characteristics: { name: string; value?: unknown }[],
  action = 'add',
  service: Record<string, unknown> = {},
) => ({
  externalId: 'act-1',
  serviceOrderItem: [
    {
      id: '1',
      action,
      service: {
        ...service,
        serviceSpecification: { id: 'mobile-line' },
        serviceCharacteristic: characteristics,
      },
    },
  ],
});

const LINE = { name: 'iccid', value: '8901260000000000001' };

const problems = (body: unknown) => {
  const result = createServiceOrderSchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('/')}: ${i.message}`);
};

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
    expect(parsed.work).toMatchObject({ kind: 'activate' });
    expect(parsed.work.kind === 'activate' && parsed.work.line).toMatchObject({
      iccid: '8901260000000000001',
      msisdn: '14155550123',
    });
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

  it.each([
    [
      'a plan change',
      order([LINE, { name: 'planCode', value: 'P2' }], 'modify'),
      { kind: 'planChange', planCode: 'P2' },
    ],
    [
      'a suspension',
      order([LINE, { name: 'suspendReason', value: 'fraud' }], 'modify', { state: 'suspended' }),
      { kind: 'suspend', reason: 'fraud' },
    ],
    ['a resumption', order([LINE], 'modify', { state: 'active' }), { kind: 'resume' }],
    [
      'a SIM swap',
      order([LINE, { name: 'newIccid', value: '8901260000000000002' }], 'modify'),
      { kind: 'simSwap', newIccid: '8901260000000000002' },
    ],
    [
      'a port-in',
      order(
        [
          LINE,
          { name: 'msisdn', value: '14155550123' },
          { name: 'portIn', value: { donorOperator: 'D', pin: '1' } },
        ],
        'modify',
      ),
      { kind: 'portIn', msisdn: '14155550123' },
    ],
    ['a deactivation', order([LINE], 'delete'), { kind: 'deactivate' }],
  ])('reads %s on the line named by its ICCID', (_, body, change) => {
    const parsed = createServiceOrderSchema.parse(body);
    expect(parsed.work).toMatchObject({ kind: 'change', target: { iccid: LINE.value }, change });
  });

  it('names the line by service id when the item has one', () => {
    const parsed = createServiceOrderSchema.parse(order([], 'delete', { id: 'svc-1' }));
    expect(parsed.work).toMatchObject({ target: { serviceId: 'svc-1' } });
  });

  it('refuses a modify that changes nothing, two things, or no line', () => {
    expect(problems(order([LINE], 'modify'))).toEqual([
      expect.stringMatching(
        /^serviceOrderItem\/0\/service: a modify item changes exactly one thing.*found 0$/,
      ),
    ]);
    const two = order([LINE, { name: 'planCode', value: 'P2' }], 'modify', { state: 'suspended' });
    expect(problems(two)).toEqual([expect.stringMatching(/found 2$/)]);
    expect(problems(order([], 'delete'))).toEqual([
      'serviceOrderItem/0/service/id: service.id or an iccid characteristic is required',
    ]);
  });

  it('names the actions it knows when the action is another', () => {
    expect(problems(order([LINE], 'cease'))).toEqual([
      expect.stringMatching(/^serviceOrderItem\/0\/action: must be 'add' \(activate\)/),
    ]);
  });
});
