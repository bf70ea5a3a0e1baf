import type { IntegrationPointActivity } from '@handoff/audit';
import { flowHealth, humanDuration, type FlowSignals } from './flow-health';

const MINUTE = 60_000;
const sla = { latencyP95Ms: 30_000 };

function activity(over: Partial<IntegrationPointActivity>): IntegrationPointActivity {
  return {
    integrationPoint: 'handoff-to-mno',
    events: 0,
    vendorCalls: 10,
    vendorFailures: 0,
    breakerRefusals: 0,
    p95Ms: 120,
    last: { at: new Date(), failed: false, code: null },
    ...over,
  };
}

const quiet: Omit<FlowSignals, 'activity'> = {
  deadLetters: { open: 0, oldestAgeMs: null },
  held: 0,
};

describe('flowHealth', () => {
  it('is green with calls that pass within the SLA, and idle with no traffic at all', () => {
    expect(flowHealth({ ...quiet, activity: activity({}) }, sla, MINUTE)).toMatchObject({
      state: 'green',
      errorRate: 0,
      breaker: 'closed',
      throughputPerMin: 10,
      findings: [],
    });
    expect(flowHealth({ ...quiet, activity: undefined }, sla, MINUTE).state).toBe('idle');
  });

  it('is red while the breaker refuses calls, naming it first', () => {
    const h = flowHealth(
      {
        ...quiet,
        held: 37,
        activity: activity({
          vendorFailures: 4,
          breakerRefusals: 6,
          last: { at: new Date(), failed: true, code: 'MNO.BREAKER_OPEN' },
        }),
      },
      sla,
      MINUTE,
    );
    expect(h.state).toBe('red');
    expect(h.breaker).toBe('open');
    expect(h.findings).toEqual(['breaker open', '40% of calls failing', '37 held']);
  });

  it('is red when half the calls failed even if the last one passed, amber below that', () => {
    expect(
      flowHealth({ ...quiet, activity: activity({ vendorFailures: 5 }) }, sla, MINUTE).state,
    ).toBe('red');
    expect(
      flowHealth({ ...quiet, activity: activity({ vendorFailures: 1 }) }, sla, MINUTE).state,
    ).toBe('amber');
  });

  it('is amber when slower than its SLA or when dead letters wait, and says by how much', () => {
    const slow = flowHealth({ ...quiet, activity: activity({ p95Ms: 240_000 }) }, sla, MINUTE);
    expect(slow).toMatchObject({ state: 'amber', findings: ['p95 4 min vs SLA 30 s'] });
    const waiting = flowHealth(
      { held: 0, deadLetters: { open: 2, oldestAgeMs: 12 * MINUTE }, activity: undefined },
      sla,
      MINUTE,
    );
    expect(waiting).toMatchObject({
      state: 'amber',
      findings: ['2 dead letters open (oldest 12 min)'],
    });
  });

  it('counts the latest probe when there is no traffic: red when it failed, green when it passed', () => {
    const probe = (ok: boolean) => ({
      at: new Date(),
      ok,
      errorCode: ok ? null : 'MNO.UNAVAILABLE',
    });
    const down = flowHealth({ ...quiet, activity: undefined, probe: probe(false) }, sla, MINUTE);
    expect(down).toMatchObject({ state: 'red', findings: ['probe failed (MNO.UNAVAILABLE)'] });
    const up = flowHealth({ ...quiet, activity: undefined, probe: probe(true) }, sla, MINUTE);
    expect(up).toMatchObject({ state: 'green', findings: [] });
  });

  it('takes a probe newer than the last call as the latest word on the vendor', () => {
    const failedCall = activity({
      vendorCalls: 4,
      vendorFailures: 1,
      last: { at: new Date(Date.now() - 20_000), failed: true, code: 'MNO.UNAVAILABLE' },
    });
    const answered = { at: new Date(), ok: true, errorCode: null };
    expect(flowHealth({ ...quiet, activity: failedCall }, sla, MINUTE).state).toBe('red');
    expect(
      flowHealth({ ...quiet, activity: failedCall, probe: answered }, sla, MINUTE),
    ).toMatchObject({ state: 'amber', findings: ['25% of calls failing'] });
    const older = { at: new Date(Date.now() - 60_000), ok: true, errorCode: null };
    expect(flowHealth({ ...quiet, activity: failedCall, probe: older }, sla, MINUTE).state).toBe(
      'red',
    );
  });

  it('writes durations the way a status line says them', () => {
    expect(
      [850, 4_213, 59_000, 12 * MINUTE, 150 * MINUTE, 3 * 86_400_000].map(humanDuration),
    ).toEqual(['850 ms', '4.2 s', '59 s', '12 min', '2.5 h', '3 d']);
  });
});
