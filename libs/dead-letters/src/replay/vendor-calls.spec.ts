import { vendorCallsFor, type VendorCallCatalogue } from './vendor-calls';

const geocode = { vendor: 'tax-engine', call: 'geocode', step: 'validation', when: 'always' };
const catalogue: VendorCallCatalogue = {
  'handoff.orchestrator': { 'handoff.activation.ActivationRequested': [geocode] },
  'handoff.audit-ledger': {},
};

describe('vendorCallsFor', () => {
  it('names the calls the group declares for the type', () => {
    const calls = vendorCallsFor(
      catalogue,
      'handoff.orchestrator',
      'handoff.activation.ActivationRequested',
    );
    expect(calls).toEqual([geocode]);
  });

  it('names none for a type the group declares no call for, or a record without a type', () => {
    const suspension = 'handoff.lifecycle.SubscriberSuspensionRequested';
    expect(vendorCallsFor(catalogue, 'handoff.orchestrator', suspension)).toEqual([]);
    expect(vendorCallsFor(catalogue, 'handoff.orchestrator', null)).toEqual([]);
    expect(vendorCallsFor(catalogue, 'handoff.audit-ledger', suspension)).toEqual([]);
  });

  it('does not promise "none" for a group that declared nothing', () => {
    const type = 'handoff.activation.ActivationRequested';
    expect(vendorCallsFor(catalogue, 'someone.elses-group', type)).toBeNull();
  });
});
