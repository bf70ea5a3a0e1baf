import { EventTypes, type PortInRequested } from '@handoff/contracts';
import type { MnoLineOrder } from '@handoff/mno-provisioning';
import type { Line } from '../line/line';
import { portInRefused } from './port-events';

const request: PortInRequested = {
  subjectId: 'sub-1',
  requestId: 'req-1',
  subscriberId: 'sub-1',
  msisdn: '14155550100',
  portIn: { donorOperator: 'DonorTel', accountNumber: null, pin: null, secretsRef: 'pis-1' },
  requestedAt: 0,
};

const line: Line = {
  subscriberId: 'sub-1',
  state: 'active',
  iccid: '89100420000000000011',
  msisdn: '16282000001',
  imsi: '310150000000001',
  planCode: 'UNL-5G-30',
  suspensionReason: null,
  openRequestId: null,
};

const failedOrder = (code: string): MnoLineOrder => ({
  orderId: 'so-1',
  requestId: 'req-1',
  state: 'failed',
  failure: { code, message: 'refused', reasonCode: `MNO.${code}`, businessRejection: true },
});

describe('portInRefused', () => {
  it.each([
    ['PORT_IN_PIN_MISMATCH', 'PORT_IN.PIN_INVALID'],
    ['PORT_IN_ACCOUNT_MISMATCH', 'PORT_IN.ACCOUNT_MISMATCH'],
  ])('answers the donor refusal %s with PortInRejected %s and the donor code', (mno, ours) => {
    const event = portInRefused(
      request,
      failedOrder(mno),
      { code: `MNO.${mno}`, message: 'refused' },
      line,
    );
    expect(event).toMatchObject({
      type: EventTypes.PortInRejected,
      subject: 'sub-1',
      data: { reason: { code: ours }, donorReasonCode: mno, serviceOrderId: 'so-1' },
    });
  });

  it("answers any other refusal with LifecycleRequestRejected, its MNO reason and the line's state", () => {
    const event = portInRefused(
      request,
      failedOrder('MSISDN_IN_USE'),
      { code: 'MNO.MSISDN_IN_USE', message: 'the number is live here' },
      line,
    );
    expect(event).toMatchObject({
      type: EventTypes.LifecycleRequestRejected,
      data: { requestKind: 'portIn', reason: { code: 'MNO.MSISDN_IN_USE' }, lineState: 'active' },
    });
  });

  it('answers a refusal before any order (secrets expired) with LifecycleRequestRejected', () => {
    const event = portInRefused(
      request,
      undefined,
      { code: 'PORT_IN.SECRETS_EXPIRED', message: 'gone' },
      line,
    );
    expect(event.type).toBe(EventTypes.LifecycleRequestRejected);
  });
});
