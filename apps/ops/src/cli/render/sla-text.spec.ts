import type { Scorecard } from '@handoff/operational-truth';
import { slaText } from './sla-text';

const at = (iso: string) => new Date(iso);

const card: Scorecard = {
  period: { label: '2026-11', from: at('2026-11-01T00:00:00Z'), to: at('2026-12-01T00:00:00Z') },
  points: [
    {
      integrationPoint: 'handoff-to-mno',
      vendor: 'mno',
      ownerTeam: 'Network Operations',
      availability: {
        targetPercent: 99.9,
        actualPercent: 62.5,
        calls: 14,
        probes: 2,
        failures: 6,
        met: false,
      },
      operations: [
        {
          operation: 'getOrder',
          latencyP95TargetMs: 1_000,
          calls: 14,
          p50Ms: 40,
          p95Ms: 1_230,
          met: false,
          jeopardies: 0,
        },
        {
          operation: 'activation',
          dueWithinMs: 600_000,
          calls: 0,
          p50Ms: null,
          p95Ms: null,
          met: null,
          jeopardies: 3,
        },
      ],
      breaches: [
        {
          incidentId: 'inc-1',
          kind: 'slaBreach',
          operation: 'availability',
          measure: 'availability',
          target: '99.9%',
          actual: '62.5%',
          start: at('2026-11-20T10:00:00Z'),
          end: at('2026-11-20T10:40:00Z'),
          evidence: ['corr-1', 'corr-2'],
          workItems: 0,
          escalations: [
            {
              level: 1,
              who: 'Network Ops on-call engineer',
              contact: 'pagerduty:network-ops',
              raisedAt: at('2026-11-20T10:00:00Z'),
            },
          ],
        },
      ],
      jeopardies: [],
      escalationsRaised: 1,
    },
  ],
};

describe('slaText', () => {
  it('names a vendor that broke its SLA with numbers, each operation against its SLA, and each breach with its evidence and escalations', () => {
    const text = slaText(card);
    expect(text).toContain(
      'mno (handoff-to-mno, owner Network Operations) (mno broke its SLA: 62.5% vs 99.9%)',
    );
    expect(text).toContain(
      "availability 62.5% vs SLA 99.9%: MISSED (14 calls, 2 probes, 6 failed on the vendor's side)",
    );
    expect(text).toMatch(/getOrder\s+p95 1s\s+14\s+40ms\s+1230ms\s+MISSED\s+0/);
    expect(text).toMatch(/activation\s+done within 10m\s+0\s+-\s+-\s+-\s+3/);
    expect(text).toContain(
      'breach availability: 62.5% vs SLA 99.9%, 2026-11-20T10:00:00.000Z → 2026-11-20T10:40:00.000Z',
    );
    expect(text).toContain('evidence: corr-1, corr-2');
    expect(text).toContain(
      'escalated L1 2026-11-20T10:00:00.000Z to Network Ops on-call engineer (pagerduty:network-ops)',
    );
  });
});
