import { MobileNetwork } from '../network/mobile-network';
import { DonorRegistry } from './donor-registry';
import { LineEffects } from './line-effects';
import { LineInventory } from './line-inventory';
import type { LineChange, MnoLine, Refusal } from './line.types';

const ICCID = '8901260000000000001';
const OTHER_ICCID = '8901260000000000002';
const now = new Date('2026-01-01T00:00:00Z');
let serial = 0;
const ids = () => ({ orderId: `ord-${++serial}`, externalId: `req-${serial}` });

function activeLine(inventory: LineInventory, iccid = ICCID, msisdn = '16282000001'): MnoLine {
  const designed = inventory.design({ iccid, planCode: 'PLAN-A' }, now);
  const assigned = { imsi: `31026000000000${serial}`, msisdn, portedIn: false };
  return inventory.activate(designed.id, assigned, ids(), now);
}

const codeOf = (result: MnoLine | Refusal) => ('code' in result ? result.code : result.state);

describe('LineInventory', () => {
  let effects: LineEffects;
  let inventory: LineInventory;
  const apply = (change: LineChange, iccid = ICCID) =>
    inventory.apply({ iccid }, change, ids(), now);

  beforeEach(() => {
    effects = new LineEffects();
    inventory = new LineInventory(effects, new MobileNetwork());
  });

  it('takes a line through suspend, resume, plan change, SIM swap and deactivation, recording each in order', () => {
    const line = activeLine(inventory);

    expect(codeOf(apply({ kind: 'suspend', reason: 'nonPayment' }))).toBe('suspended');
    expect(codeOf(apply({ kind: 'resume' }))).toBe('active');
    expect(apply({ kind: 'planChange', planCode: 'PLAN-B' })).toMatchObject({ planCode: 'PLAN-B' });
    const swapped = apply({ kind: 'simSwap', newIccid: OTHER_ICCID });
    expect(swapped).toMatchObject({ id: line.id, iccid: OTHER_ICCID });
    expect((swapped as MnoLine).imsi).not.toBe(line.imsi);
    expect(codeOf(apply({ kind: 'deactivate' }, OTHER_ICCID))).toBe('terminated');

    const kinds = effects.list({ lineId: line.id }).map((e) => e.kind);
    expect(kinds).toEqual([
      'activated',
      'suspended',
      'resumed',
      'planChanged',
      'simSwapped',
      'deactivated',
    ]);
    expect(effects.list({ kind: 'planChanged' })[0].detail).toEqual({
      from: 'PLAN-A',
      to: 'PLAN-B',
    });
  });

  it.each<[string, LineChange[] | null, LineChange, string]>([
    ['a change to a line that does not exist', null, { kind: 'resume' }, 'LINE_NOT_FOUND'],
    ['a resume of an active line', [], { kind: 'resume' }, 'LINE_NOT_SUSPENDED'],
    [
      'a second suspend',
      [{ kind: 'suspend', reason: null }],
      { kind: 'suspend', reason: null },
      'LINE_NOT_ACTIVE',
    ],
    [
      'a plan change on a terminated line',
      [{ kind: 'deactivate' }],
      { kind: 'planChange', planCode: 'X' },
      'LINE_TERMINATED',
    ],
  ])('refuses %s, recording nothing', (_, before, change, code) => {
    if (before) activeLine(inventory);
    for (const earlier of before ?? []) apply(earlier);
    const recorded = effects.list().length;

    expect(codeOf(apply(change))).toBe(code);
    expect(effects.list()).toHaveLength(recorded);
  });

  it('refuses a SIM swap to an ICCID another live line holds, and a port-in of a live number', () => {
    activeLine(inventory, ICCID, '16282000001');
    activeLine(inventory, OTHER_ICCID, '16282000002');

    expect(codeOf(apply({ kind: 'simSwap', newIccid: OTHER_ICCID }))).toBe('ICCID_IN_USE');
    const portIn = { donorOperator: 'D' };
    expect(codeOf(apply({ kind: 'portIn', msisdn: '16282000002', portIn }))).toBe('MSISDN_IN_USE');
    expect(apply({ kind: 'portIn', msisdn: '14155550123', portIn })).toMatchObject({
      msisdn: '14155550123',
      portedIn: true,
    });
  });

  it('finds a terminated line by its ICCID, so a change to it is refused as terminated, not unknown', () => {
    activeLine(inventory);
    apply({ kind: 'deactivate' });

    expect(codeOf(apply({ kind: 'resume' }))).toBe('LINE_TERMINATED');
    expect(inventory.find({ iccid: ICCID, state: 'terminated' })).toHaveLength(1);
  });

  it('ends a line whose number is ported out, outside any order', () => {
    const line = activeLine(inventory);

    expect(inventory.portOut('16282000001', 'Other Mobile', now)).toMatchObject({
      id: line.id,
      state: 'terminated',
    });
    expect(inventory.portOut('16282000001', 'Other Mobile', now)).toBeUndefined();
    expect(effects.list({ kind: 'portedOut' })).toEqual([
      expect.objectContaining({
        lineId: line.id,
        orderId: null,
        detail: { recipientOperator: 'Other Mobile' },
      }),
    ]);
  });
});

describe('DonorRegistry', () => {
  it('releases an unregistered number, and a registered one only against its account and PIN', () => {
    const donors = new DonorRegistry();
    donors.register({ msisdn: '14155550123', accountNumber: 'ACC-1', pin: '1234' });
    const right = { donorOperator: 'D', accountNumber: 'ACC-1', pin: '1234' };

    expect(donors.answer('14155550999', { donorOperator: 'D' })).toBeUndefined();
    expect(donors.answer('14155550123', right)).toBeUndefined();
    expect(donors.answer('14155550123', { ...right, pin: '0000' })?.code).toBe(
      'PORT_IN_PIN_MISMATCH',
    );
    expect(donors.answer('14155550123', { ...right, accountNumber: 'X' })?.code).toBe(
      'PORT_IN_ACCOUNT_MISMATCH',
    );
  });
});
