import type CircuitBreaker from 'opossum';
import type { Logger } from '../logger';
import { Counter, Gauge, Histogram } from 'prom-client';
import { registeredMetric } from './metrics-registry';

const STATES = { closed: 0, half_open: 1, open: 2 } as const;
type BreakerState = keyof typeof STATES;

const breakerState = () =>
  registeredMetric(
    'handoff_breaker_state',
    (registers) =>
      new Gauge({
        name: 'handoff_breaker_state',
        help: 'Circuit breaker state per vendor endpoint: 0 closed, 1 half-open, 2 open',
        labelNames: ['vendor', 'endpoint'],
        registers,
      }),
  );

const breakerTransitions = () =>
  registeredMetric(
    'handoff_breaker_transitions_total',
    (registers) =>
      new Counter({
        name: 'handoff_breaker_transitions_total',
        help: 'Circuit breaker transitions per vendor endpoint, by the state entered',
        labelNames: ['vendor', 'endpoint', 'state'],
        registers,
      }),
  );

const vendorCallDuration = () =>
  registeredMetric(
    'handoff_vendor_call_duration_seconds',
    (registers) =>
      new Histogram({
        name: 'handoff_vendor_call_duration_seconds',
        help:
          'Vendor calls through a breaker: success, error (the vendor answered with a refusal), ' +
          'failure (down, timeout, 5xx), rejected (the breaker was open; not sent)',
        labelNames: ['vendor', 'endpoint', 'outcome'],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
      }),
  );

/** `mno.submitOrder` → vendor `mno`, endpoint `submitOrder`: the adapters name breakers so. */
function labelsOf(name: string): { vendor: string; endpoint: string } {
  const dot = name.indexOf('.');
  return dot < 0
    ? { vendor: name, endpoint: name }
    : { vendor: name.slice(0, dot), endpoint: name.slice(dot + 1) };
}

export interface BreakerLogging {
  /** Where transitions are logged; none in unit tests of an adapter. */
  log?: Logger;
  /** The integration point the vendor endpoint belongs to (`handoff-to-mno`), for the on-call. */
  integrationPoint: string;
}

const TRANSITION_LINES: Record<BreakerState, { level: 'warn' | 'info'; text: string }> = {
  open: { level: 'warn', text: 'breaker opened: calls are held until it half-opens' },
  half_open: { level: 'info', text: 'breaker half-open: one trial call goes through' },
  closed: { level: 'info', text: 'breaker closed: the vendor answers again' },
};

/**
 * Records a breaker's state, its transitions and the latency and outcome of each call it lets
 * through (opossum reports a call its error filter excused as a success carrying the error), and
 * logs each transition with its vendor, endpoint and integration point: one place for every vendor.
 */
export function instrumentBreaker(breaker: CircuitBreaker, logging?: BreakerLogging): void {
  const labels = labelsOf(breaker.name);
  const enter = (state: BreakerState) => {
    breakerState().set(labels, STATES[state]);
    breakerTransitions().inc({ ...labels, state });
    const { level, text } = TRANSITION_LINES[state];
    const fields = { ...labels, integrationPoint: logging?.integrationPoint, state };
    logging?.log?.[level](fields, `${labels.vendor} ${labels.endpoint} ${text}`);
  };
  breakerState().set(labels, STATES.closed);
  const calls = vendorCallDuration();
  breaker.on('open', () => enter('open'));
  breaker.on('halfOpen', () => enter('half_open'));
  breaker.on('close', () => enter('closed'));
  breaker.on('success', (result: unknown, latencyMs: number) =>
    calls.observe(
      { ...labels, outcome: result instanceof Error ? 'error' : 'success' },
      latencyMs / 1000,
    ),
  );
  breaker.on('failure', (_error: unknown, latencyMs: number) =>
    calls.observe({ ...labels, outcome: 'failure' }, latencyMs / 1000),
  );
  breaker.on('reject', () => calls.observe({ ...labels, outcome: 'rejected' }, 0));
}
