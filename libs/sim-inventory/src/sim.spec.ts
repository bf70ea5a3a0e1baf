import { activationRefusal, nextState, type Sim } from './sim';
import { compareDelivery } from './sim-receipt';

const sim = (over: Partial<Sim> = {}): Sim => ({
  iccid: '8910042348144559361',
  imsi: '310260123456789',
  batchId: 'B1',
  state: 'shipped',
  shippedToDealer: 'dealer-a',
  shippedToOrder: null,
  subscriberId: null,
  mnoImsi: null,
  ...over,
});

describe('SIM states', () => {
  it.each([
    ['inStock', 'shipped', 'shipped'],
    ['shipped', 'activated', 'active'],
    ['active', 'swappedOut', 'swappedOut'],
    ['active', 'deactivated', 'deactivated'],
    ['deactivated', 'returned', 'returned'],
    ['shipped', 'reportedLost', 'lost'],
  ] as const)('moves a SIM %s on %s to %s', (from, move, to) => {
    expect(nextState(from, move)).toBe(to);
  });

  it.each([
    ['lost', 'activated'],
    ['returned', 'activated'],
    ['active', 'returned'],
    ['inStock', 'returned'],
    ['swappedOut', 'activated'],
  ] as const)('refuses to move a SIM %s on %s', (from, move) => {
    expect(nextState(from, move)).toBeUndefined();
  });
});

describe('activationRefusal', () => {
  it('lets a dealer activate a SIM shipped to it, and the BSS any SIM shipped or in stock', () => {
    expect(activationRefusal(sim(), 'dealer-a')).toBeUndefined();
    expect(
      activationRefusal(sim({ state: 'inStock', shippedToDealer: null }), null),
    ).toBeUndefined();
  });

  it.each([
    [undefined, 'dealer-a', 'SIM.UNKNOWN'],
    [sim({ state: 'active' }), 'dealer-a', 'SIM.ALREADY_ACTIVE'],
    [sim({ state: 'lost' }), null, 'SIM.REPORTED_LOST'],
    [sim({ state: 'returned' }), null, 'SIM.RETURNED'],
    [sim({ state: 'swappedOut' }), null, 'SIM.SWAPPED_OUT'],
    [sim({ state: 'deactivated' }), null, 'SIM.DEACTIVATED'],
    [sim(), 'dealer-b', 'SIM.NOT_SHIPPED_TO_DEALER'],
    [
      sim({ shippedToDealer: null, shippedToOrder: 'web-1' }),
      'dealer-a',
      'SIM.NOT_SHIPPED_TO_DEALER',
    ],
  ])('refuses %j for dealer %s with %s', (known, dealerId, code) => {
    expect(activationRefusal(known, dealerId)?.code).toBe(code);
  });
});

describe('compareDelivery', () => {
  const delivered = { ...sim(), batchId: 'B1' };

  it('adds a new SIM as shipped when it has a destination, in stock otherwise', () => {
    expect(compareDelivery(undefined, delivered)).toMatchObject({
      outcome: 'added',
      sim: { state: 'shipped' },
    });
    const stocked = { ...delivered, shippedToDealer: null };
    expect(compareDelivery(undefined, stocked)).toMatchObject({ sim: { state: 'inStock' } });
  });

  it('changes nothing for the same facts again, and ships a SIM in stock given a destination', () => {
    expect(compareDelivery(sim(), delivered)).toEqual({ outcome: 'unchanged' });
    const inStock = sim({ state: 'inStock', shippedToDealer: null });
    expect(compareDelivery(inStock, delivered)).toMatchObject({ outcome: 'shipped' });
  });

  it('reports another IMSI, batch or destination as a conflict without echoing the IMSI', () => {
    const imsi = compareDelivery(sim({ imsi: '310260999999999' }), delivered);
    expect(imsi).toMatchObject({ outcome: 'conflict' });
    expect(JSON.stringify(imsi)).not.toContain('310260');
    expect(compareDelivery(sim({ batchId: 'B0' }), delivered)).toMatchObject({
      outcome: 'conflict',
    });
    expect(compareDelivery(sim({ shippedToDealer: 'dealer-b' }), delivered)).toMatchObject({
      outcome: 'conflict',
    });
  });
});
