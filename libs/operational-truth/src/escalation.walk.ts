import type { EntityManager } from 'typeorm';
import type { NewEvent } from '@handoff/messaging';
import { formatDuration } from '@handoff/config';
import type { EscalationStep, Owner } from '@handoff/ownership';
import type { Clock } from './clock';
import { escalationRaised, escalationResolved } from './alert-events';
import { levelsRaised, raiseLevel } from './escalation.store';
import { lockUnlessBusy, openIncidents, resolveIncident, type Incident } from './incident.store';
import { openJeopardyCount } from './jeopardy.store';
import { failuresOf } from './uncovered-failure.store';
import { withAlerts, type WatchDeps } from './watch-deps';

/**
 * Walks each open incident's escalation chain by the time since it opened: a level whose `after`
 * has passed is raised once (its row's primary key is the incident and the level), announced as
 * `EscalationRaised` naming who and how to reach them. A jeopardy incident with no work left in
 * jeopardy is resolved here (`EscalationResolved` if anyone was paged); breaches clear themselves.
 * An incident another instance is walking right now is skipped until the next round. A failure no
 * SLA covers walks the chain's internal contacts only, its first one at once (decision 93).
 */
export class EscalationWalk {
  constructor(
    private readonly deps: WatchDeps,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<void> {
    const incidents = await openIncidents(this.deps.dataSource.manager);
    for (const { incidentId } of incidents) {
      await withAlerts(this.deps, async (tx) => {
        const incident = await lockUnlessBusy(tx, incidentId);
        return incident ? this.walk(tx, incident) : [];
      });
    }
  }

  private async walk(tx: EntityManager, incident: Incident): Promise<NewEvent[]> {
    const now = this.clock.now();
    if (incident.kind === 'uncoveredFailure') {
      const { count, codes } = await failuresOf(tx, incident.incidentId);
      const condition = `${count} failed in a category the SLA does not cover (${codes.join(', ')})`;
      return this.raiseDue(tx, incident, now, condition);
    }
    if (incident.kind === 'jeopardy') {
      const open = await openJeopardyCount(tx, incident.incidentId);
      if (open === 0) return this.resolve(tx, incident, now);
      return this.raiseDue(tx, incident, now, `${open} open past their due time`);
    }
    const measure = incident.measure === 'latencyP95' ? 'p95' : 'availability';
    const condition = `${measure} ${incident.actual ?? '?'} vs SLA ${incident.target ?? '?'}`;
    return this.raiseDue(tx, incident, now, condition);
  }

  private async raiseDue(
    tx: EntityManager,
    incident: Incident,
    now: Date,
    condition: string,
  ): Promise<NewEvent[]> {
    const owner = this.deps.matrix.owner(incident.integrationPoint);
    const elapsed = now.getTime() - incident.openedAt.getTime();
    const events: NewEvent[] = [];
    for (const { level, step } of chainOf(incident, owner)) {
      if (step.afterMs > elapsed) break;
      if (!(await raiseLevel(tx, incident.incidentId, level, step, now))) continue;
      events.push(
        escalationRaised(incident, {
          level,
          ...step,
          summary: summaryOf(incident, owner, condition, elapsed),
          raisedAt: now,
        }),
      );
    }
    return events;
  }

  private async resolve(tx: EntityManager, incident: Incident, now: Date): Promise<NewEvent[]> {
    if (!(await resolveIncident(tx, incident.incidentId, now))) return [];
    const levels = await levelsRaised(tx, incident.incidentId);
    return levels > 0 ? [escalationResolved(incident, levels, now)] : [];
  }
}

interface ChainLevel {
  /** The step's place in ownership.yaml's chain, so a level means the same step for every kind. */
  level: number;
  step: EscalationStep;
}

/**
 * The chain as ownership.yaml gives it; for a failure no SLA covers, only its internal contacts,
 * the first of them due at once: there is no vendor clock to wait on, nor a vendor bound to act.
 */
function chainOf(incident: Incident, owner: Owner): ChainLevel[] {
  const chain = owner.escalation.map((step, index) => ({ level: index + 1, step }));
  if (incident.kind !== 'uncoveredFailure') return chain;
  return chain
    .filter(({ step }) => step.party === 'internal')
    .map(({ level, step }, n) => ({ level, step: n === 0 ? { ...step, afterMs: 0 } : step }));
}

/** "handoff-to-mno activation: 3 open past their due time, for 15m; owner Network Operations". */
function summaryOf(incident: Incident, owner: Owner, condition: string, elapsedMs: number): string {
  const age = formatDuration(Math.max(60_000, Math.floor(elapsedMs / 60_000) * 60_000));
  return (
    `${incident.integrationPoint} ` +
    `${incident.operation === 'availability' ? '' : `${incident.operation}: `}` +
    `${condition}, for ${age}; owner ${owner.teamName}`
  );
}
