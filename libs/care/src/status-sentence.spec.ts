import { statusSentence, type HoldFacts } from './status-sentence';

const at = (hhmm: string) => new Date(`2026-12-03T${hhmm}:00Z`);
const heldActivation = {
  state: 'held',
  step: 'provisioning',
  reasonCode: null,
  ownerTeam: null,
  since: at('10:45'),
};
const mnoHold: HoldFacts = {
  what: 'MNO provisioning',
  vendorDown: true,
  ownerTeam: 'Network Operations',
  downSince: at('10:42'),
  heldSince: at('10:45'),
  escalatedTo: 'Network Ops on-call engineer',
};

describe('statusSentence', () => {
  it('says a held activation waits on the MNO, since when, whose it is and who was paged', () => {
    expect(statusSentence({ activation: heldActivation, hold: mnoHold })).toBe(
      'Activation held: MNO provisioning down since 10:42 UTC, owner Network Operations, escalated to Network Ops on-call engineer',
    );
  });

  it('says when it was held and that no one was paged while no incident is open yet', () => {
    const hold = { ...mnoHold, downSince: undefined, escalatedTo: undefined };
    expect(statusSentence({ activation: heldActivation, hold })).toBe(
      'Activation held: MNO provisioning unavailable, held since 10:45 UTC, owner Network Operations, not escalated yet',
    );
  });

  it('names a hold that is not a vendor down by its own reason', () => {
    const hold: HoldFacts = {
      ...mnoHold,
      what: 'no tax jurisdiction configured for the service address',
      vendorDown: false,
      ownerTeam: 'Billing Operations',
      escalatedTo: undefined,
    };
    expect(statusSentence({ activation: heldActivation, hold })).toBe(
      'Activation held: no tax jurisdiction configured for the service address, held since 10:45 UTC, owner Billing Operations, not escalated yet',
    );
  });

  it('says an activation waits for a person when its record is dead-lettered', () => {
    const activation = { ...heldActivation, state: 'inProgress' };
    const deadLetter = { ownerTeam: 'Network Operations', since: at('09:30') };
    expect(statusSentence({ activation, deadLetter })).toBe(
      'Activation stopped at provisioning and waits for a person since 09:30 UTC, owner Network Operations',
    );
  });

  it('says a failed activation with no line failed, why, and whose it is', () => {
    const activation = {
      ...heldActivation,
      state: 'rejected',
      reasonCode: 'MNO.ICCID_UNKNOWN',
      ownerTeam: 'Fulfilment',
    };
    expect(statusSentence({ activation })).toBe(
      'Activation rejected: MNO.ICCID_UNKNOWN, owner Fulfilment',
    );
  });

  it('tells a line that differs at the MNO from one with nothing open', () => {
    const activation = { ...heldActivation, state: 'completed' };
    const line = { state: 'active', suspensionReason: null };
    expect(statusSentence({ activation, line, mnoState: 'active' })).toBe(
      'Line active, nothing open',
    );
    expect(statusSentence({ activation, line, mnoState: 'suspended' })).toBe(
      'Line active in Handoff but suspended at the MNO, owner Network Operations',
    );
  });

  it('puts a request open at the MNO, past its SLA, before the line', () => {
    const jeopardy = { operation: 'simSwap', ownerTeam: 'Network Operations', dueAt: at('11:00') };
    expect(
      statusSentence({
        line: { state: 'active', suspensionReason: null },
        openRequest: { kind: 'simSwap', since: at('10:00') },
        jeopardy,
      }),
    ).toBe(
      'simSwap in progress at the MNO since 10:00 UTC, past its SLA, owner Network Operations',
    );
  });
});
