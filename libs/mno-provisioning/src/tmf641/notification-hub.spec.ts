import { createHmac } from 'node:crypto';
import { hubSignatureValid, readHubNotice } from './notification-hub';

const portOutEvent = (characteristics: { name: string; value: unknown }[]) => ({
  eventId: 'evt-1',
  eventTime: '2026-12-03T10:00:00.000Z',
  eventType: 'ServiceStateChangeEvent',
  event: { service: { id: 'svc-1', state: 'terminated', serviceCharacteristic: characteristics } },
});

describe('readHubNotice', () => {
  it('reads a port-out notice: the number, the recipient and when it left', () => {
    const notice = readHubNotice(
      portOutEvent([
        { name: 'msisdn', value: '14155550100' },
        {
          name: 'portOut',
          value: { recipientOperator: 'OtherTel', portedAt: '2026-12-03T09:59:00.000Z' },
        },
      ]),
    );
    expect(notice).toEqual({
      kind: 'portOut',
      noticeId: 'evt-1',
      lineId: 'svc-1',
      msisdn: '14155550100',
      recipientOperator: 'OtherTel',
      portedAt: Date.parse('2026-12-03T09:59:00.000Z'),
    });
  });

  it('ignores a line change that is not a port-out', () => {
    expect(readHubNotice(portOutEvent([{ name: 'msisdn', value: '14155550100' }]))).toEqual({
      kind: 'ignored',
      noticeId: 'evt-1',
    });
  });

  it("reads an order's state change", () => {
    const notice = readHubNotice({
      eventId: 'evt-2',
      eventType: 'ServiceOrderStateChangeEvent',
      event: { serviceOrder: { id: 'so-1', state: 'completed' } },
    });
    expect(notice).toEqual({
      kind: 'orderState',
      noticeId: 'evt-2',
      orderId: 'so-1',
      state: 'completed',
    });
  });

  it('answers undefined for a body that is no hub event', () => {
    expect(readHubNotice({ hello: 'world' })).toBeUndefined();
    expect(readHubNotice(undefined)).toBeUndefined();
  });
});

describe('hubSignatureValid', () => {
  const body = Buffer.from('{"eventId":"evt-1"}');
  const sign = (secret: string, bytes: Buffer) =>
    `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;

  it("accepts the subscription's own signature of the exact bytes", () => {
    expect(hubSignatureValid('s3cret', body, sign('s3cret', body))).toBe(true);
  });

  it('refuses another secret, an altered body, a truncated or missing signature', () => {
    expect(hubSignatureValid('s3cret', body, sign('other', body))).toBe(false);
    expect(
      hubSignatureValid('s3cret', Buffer.from('{"eventId":"evt-2"}'), sign('s3cret', body)),
    ).toBe(false);
    expect(hubSignatureValid('s3cret', body, sign('s3cret', body).slice(0, 20))).toBe(false);
    expect(hubSignatureValid('s3cret', body, undefined)).toBe(false);
  });
});
