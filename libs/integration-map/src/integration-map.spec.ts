import { loadOwnershipMatrix } from '@handoff/ownership';
import { integrationMap, type MapSignals } from './integration-map';

const MINUTE = 60_000;

describe('integrationMap', () => {
  it("puts the open escalation on the flow's status line, with how long ago", () => {
    const now = new Date('2026-11-24T12:27:00Z');
    const signals: MapSignals = {
      activity: [],
      deadLetters: new Map(),
      held: new Map(),
      probes: new Map([['handoff-to-mno', { at: now, ok: false, errorCode: 'MNO.UNAVAILABLE' }]]),
      escalations: new Map([
        [
          'handoff-to-mno',
          { who: 'Network Ops duty manager', raisedAt: new Date('2026-11-24T12:15:00Z') },
        ],
      ]),
      kpis: [],
    };
    const view = integrationMap(loadOwnershipMatrix(), signals, 5 * MINUTE, now);
    const mno = view.flows.find((f) => f.id === 'handoff-to-mno')!;
    expect(mno.status).toBe(
      'Handoff → MNO failing: probe failed (MNO.UNAVAILABLE), owner Network Operations, ' +
        'escalated to Network Ops duty manager 12 min ago',
    );
    const tax = view.flows.find((f) => f.id === 'handoff-to-tax-engine')!;
    expect(tax.status).not.toContain('escalated');
  });
});
