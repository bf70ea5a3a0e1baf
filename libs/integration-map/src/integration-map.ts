import type { IntegrationPointActivity } from '@handoff/audit';
import {
  describeUncovered,
  type CategoryCoverage,
  type EscalationParty,
  type IntegrationPoint,
  type OwnershipMatrix,
} from '@handoff/ownership';
import {
  flowHealth,
  humanDuration,
  type FlowHealth,
  type FlowSignals,
  type FlowState,
  type ProbeSignal,
} from './flow-health';

/** A box on the map: Handoff in the middle, who talks to it on the left, its vendors on the right. */
export interface MapSystem {
  id: string;
  name: string;
  side: 'left' | 'center' | 'right';
}

export interface MapFlow {
  id: string;
  from: string;
  to: string;
  description: string;
  owner: { team: string; teamName: string; channel: string };
  accountable: { name: string; role: string };
  escalation: { who: string; contact: string; after: string; party: EscalationParty }[];
  sla: { latencyP95: string; availability: string };
  /** The point's error categories, each covered by its SLA or not. */
  errorCategories: { category: string; covered: boolean }[];
  health: FlowHealth;
  /** One sentence in business language: what is wrong, how badly, who owns it. */
  status: string;
}

export interface MapKpi {
  label: string;
  value: string;
  detail?: string;
}

/** An error category no SLA covers, with the owner who must negotiate it. */
export interface MapUncoveredCategory extends CategoryCoverage {
  /** One line in business language (the same as the start-up warning's). */
  text: string;
}

export interface IntegrationMapView {
  generatedAt: string;
  window: string;
  systems: MapSystem[];
  flows: MapFlow[];
  counts: Record<FlowState, number>;
  kpis: MapKpi[];
  /** Every category no SLA covers: a failure in one escalates at once on internal contacts. */
  uncovered: MapUncoveredCategory[];
}

/** What the map needs besides the ownership matrix, read fresh for each view. */
export interface MapSignals {
  activity: readonly IntegrationPointActivity[];
  /** Open dead letters per integration point. */
  deadLetters: ReadonlyMap<string, FlowSignals['deadLetters']>;
  /** Work held per integration point. */
  held: ReadonlyMap<string, number>;
  /** Each probed vendor point's latest probe in the window. */
  probes: ReadonlyMap<string, ProbeSignal>;
  /** Who each point's open incidents were last escalated to, and when. */
  escalations: ReadonlyMap<string, { who: string; raisedAt: Date }>;
  kpis: MapKpi[];
}

const SYSTEMS: Record<string, { name: string; side: MapSystem['side'] }> = {
  bss: { name: 'BSS', side: 'left' },
  'dealer-portal': { name: 'Dealer portal', side: 'left' },
  handoff: { name: 'Handoff', side: 'center' },
  mno: { name: 'MNO', side: 'right' },
  'mno-usage-feed': { name: 'MNO usage feed', side: 'right' },
  'tax-engine': { name: 'Tax engine', side: 'right' },
  'payment-processor': { name: 'Payment processor', side: 'right' },
};

const STATE_WORDS: Record<FlowState, string> = {
  red: 'failing',
  amber: 'degraded',
  green: 'healthy',
  idle: 'no traffic',
};

export function systemName(id: string): string {
  return SYSTEMS[id]?.name ?? id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Every system and flow of the ownership matrix with its live health against its SLA. */
export function integrationMap(
  matrix: OwnershipMatrix,
  signals: MapSignals,
  windowMs: number,
  now: Date = new Date(),
): IntegrationMapView {
  const flows = matrix.integrationPoints.map((p) => flowOf(matrix, p, signals, windowMs, now));
  const ids = new Set(matrix.integrationPoints.flatMap((p) => [p.from, p.to]));
  const counts: Record<FlowState, number> = { red: 0, amber: 0, green: 0, idle: 0 };
  for (const f of flows) counts[f.health.state] += 1;
  return {
    generatedAt: now.toISOString(),
    window: humanDuration(windowMs),
    systems: [...ids].map((id) => ({
      id,
      name: systemName(id),
      side: SYSTEMS[id]?.side ?? 'left',
    })),
    flows,
    counts,
    kpis: signals.kpis,
    uncovered: matrix
      .slaCoverage()
      .filter((c) => !c.covered)
      .map((c) => ({ ...c, text: describeUncovered(c) })),
  };
}

function flowOf(
  matrix: OwnershipMatrix,
  p: IntegrationPoint,
  signals: MapSignals,
  windowMs: number,
  now: Date,
): MapFlow {
  const team = matrix.team(p.responsibleTeam);
  const health = flowHealth(
    {
      activity: signals.activity.find((a) => a.integrationPoint === p.id),
      deadLetters: signals.deadLetters.get(p.id) ?? { open: 0, oldestAgeMs: null },
      held: signals.held.get(p.id) ?? 0,
      probe: signals.probes.get(p.id),
    },
    p.sla,
    windowMs,
  );
  const teamName = team?.name ?? p.responsibleTeam;
  const label =
    p.from === p.to
      ? `${systemName(p.from)} internal`
      : `${systemName(p.from)} → ${systemName(p.to)}`;
  const facts = health.findings.length > 0 ? `${health.findings.join(', ')}, ` : '';
  const escalation = signals.escalations.get(p.id);
  const escalated = escalation
    ? `, escalated to ${escalation.who} ${humanDuration(Math.max(0, now.getTime() - escalation.raisedAt.getTime()))} ago`
    : '';
  return {
    id: p.id,
    from: p.from,
    to: p.to,
    description: p.description,
    owner: { team: p.responsibleTeam, teamName, channel: team?.channel ?? '' },
    accountable: { name: p.accountable.name, role: p.accountable.role },
    escalation: p.escalation.map((s) => ({
      who: s.who,
      contact: s.contact,
      after: s.afterMs === 0 ? 'at once' : `after ${humanDuration(s.afterMs)}`,
      party: s.party,
    })),
    sla: {
      latencyP95: humanDuration(p.sla.latencyP95Ms),
      availability: `${p.sla.availabilityPercent}%`,
    },
    errorCategories: p.errorCategories.map((c) => ({
      category: c.id,
      covered: p.sla.covers.includes(c.id),
    })),
    health,
    status: `${label} ${STATE_WORDS[health.state]}: ${facts}owner ${teamName}${escalated}`,
  };
}
