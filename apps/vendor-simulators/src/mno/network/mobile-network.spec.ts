import type { MobileLine } from '../orders/mobile-line.schema';
import type { ServiceOrder } from '../orders/service-order.types';
import { MobileNetwork } from './mobile-network';

const order = (id: string) => ({ id, externalId: `ext-${id}` }) as ServiceOrder;
const line = (iccid: string, msisdn?: string): MobileLine => ({ iccid, msisdn, planCode: 'P' });
const now = new Date('2026-01-01T00:00:00Z');

describe('MobileNetwork', () => {
  it('flags a second line for the same ICCID as a duplicate, with numbers of its own', () => {
    const network = new MobileNetwork();
    const first = network.provision(order('1'), line('8901260000000000001'), now);
    const second = network.provision(order('2'), line('8901260000000000001'), now);

    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.imsi).not.toBe(first.imsi);
    expect(network.provisioned({ iccid: '8901260000000000001' })).toHaveLength(2);
  });

  it('gives 15-digit IMSIs under 310260 and never assigns an MSISDN a line already has', () => {
    const network = new MobileNetwork();
    const requested = network.provision(
      order('1'),
      line('8901260000000000001', '16282000001'),
      now,
    );
    const assigned = network.provision(order('2'), line('8901260000000000002'), now);

    expect(requested.imsi).toMatch(/^310260\d{9}$/);
    expect(assigned.msisdn).not.toBe('16282000001');
  });
});
