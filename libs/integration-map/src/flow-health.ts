import type { IntegrationPointActivity } from '@handoff/audit';

/** A flow's colour on the map: red failing now, amber degraded or work waiting, green healthy. */
export type FlowState = 'red' | 'amber' | 'green' | 'idle';

/** What is known about one flow right now, from the ledger and the work still open. */
export interface FlowSignals {
  activity: IntegrationPointActivity | undefined;
  /** Dead letters not yet replayed or discarded, and the oldest one's age. */
  deadLetters: { open: number; oldestAgeMs: number | null };
  /** Work kept waiting on this flow's vendor (activations held while it is down). */
  held: number;
  /** The vendor's latest probe in the window, if it is probed: what speaks when there is no traffic. */
  probe?: ProbeSignal;
}

/** One probe of a vendor: did it answer its cheap read. */
export interface ProbeSignal {
  at: Date;
  ok: boolean;
  errorCode: string | null;
}

export interface FlowHealth {
  state: FlowState;
  /** Events plus vendor calls per minute over the window. */
  throughputPerMin: number;
  p95Ms: number | null;
  /** Share of vendor calls that failed on the vendor's side, 0 to 1; null without calls. */
  errorRate: number | null;
  breaker: 'open' | 'closed' | 'unknown';
  deadLetters: FlowSignals['deadLetters'];
  held: number;
  /** The problems, worst first, in words a duty manager reads ("p95 4m vs SLA 30s"). */
  findings: string[];
}

/** Above this share of failed vendor calls in the window a flow is red even if its last call passed. */
const FAILING_SHARE = 0.5;

export function flowHealth(
  signals: FlowSignals,
  sla: { latencyP95Ms: number },
  windowMs: number,
): FlowHealth {
  const a = signals.activity;
  const calls = a?.vendorCalls ?? 0;
  const errorRate = calls > 0 ? (a?.vendorFailures ?? 0) / calls : null;
  const breaker = !a?.last ? 'unknown' : a.last.code?.endsWith('.BREAKER_OPEN') ? 'open' : 'closed';
  // A probe newer than the last call is the latest word on the vendor: with no traffic, the only one.
  const probe = signals.probe;
  const probeIsLatest = probe !== undefined && (!a?.last || probe.at >= a.last.at);
  const probeFailing = probeIsLatest && !probe.ok;
  const failingNow = a?.last?.failed === true && !(probeIsLatest && probe.ok);
  const slow = a?.p95Ms != null && a.p95Ms > sla.latencyP95Ms;
  const findings: string[] = [];
  if (breaker === 'open') findings.push('breaker open');
  else if (failingNow) findings.push(`last call failed (${a?.last?.code ?? 'unknown error'})`);
  else if (probeFailing) findings.push(`probe failed (${probe.errorCode ?? 'no answer'})`);
  if (errorRate !== null && errorRate > 0) {
    findings.push(`${Math.round(errorRate * 100)}% of calls failing`);
  }
  if (slow) {
    findings.push(`p95 ${humanDuration(a.p95Ms!)} vs SLA ${humanDuration(sla.latencyP95Ms)}`);
  }
  if (signals.held > 0) findings.push(`${signals.held} held`);
  if (signals.deadLetters.open > 0) {
    const oldest = signals.deadLetters.oldestAgeMs;
    findings.push(
      `${signals.deadLetters.open} dead letter${signals.deadLetters.open === 1 ? '' : 's'} open` +
        (oldest !== null ? ` (oldest ${humanDuration(oldest)})` : ''),
    );
  }
  const red = breaker === 'open' || failingNow || probeFailing || (errorRate ?? 0) >= FAILING_SHARE;
  const traffic = (a?.events ?? 0) + calls + (a?.breakerRefusals ?? 0);
  const state: FlowState = red
    ? 'red'
    : findings.length > 0
      ? 'amber'
      : traffic > 0 || probe !== undefined
        ? 'green'
        : 'idle';
  return {
    state,
    throughputPerMin: Math.round((((a?.events ?? 0) + calls) * 60_000) / windowMs),
    p95Ms: a?.p95Ms ?? null,
    errorRate,
    breaker,
    deadLetters: signals.deadLetters,
    held: signals.held,
    findings,
  };
}

/** A duration as a status line says it: 850 ms, 4.2 s, 4 min, 2.5 h, 3 d. */
export function humanDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1_000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${trim(ms / 3_600_000)} h`;
  return `${trim(ms / 86_400_000)} d`;
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
