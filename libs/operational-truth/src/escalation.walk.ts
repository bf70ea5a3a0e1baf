import type { EntityManager } from 'typeorm';
import type { NewEvent } from '@handoff/messaging';
import { formatDuration } from '@handoff/config';
import type { Owner } from '@handoff/ownership';
import type { Clock } from './clock';
import { escalationRaised, escalationResolved } from './alert-events';
import { levelsRaised, raiseLevel } from './escalation.store';
import { lockUnlessBusy, openIncidents, resolveIncident, type Incident } from './incident.store';
import { openJeopardyCount } from './jeopardy.store';
import { withAlerts, type WatchDeps } from './watch-deps';

/**
 * Walks each open incident's escalation chain by the time since it opened: a level whose `after`
 * has passed is raised once (its row's primary key is the incident and the level), announced as
 * `EscalationRaised` naming who and how to reach them. A jeopardy incident with no work left in
 * jeopardy is resolved here (`EscalationResolved` if anyone was paged); breaches clear themselves.
 * An incident another instance is walking right now is skipped until the next round.
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
    for (const [index, step] of owner.escalation.entries()) {
      if (step.afterMs > elapsed) break;
      if (!(await raiseLevel(tx, incident.incidentId, index + 1, step, now))) continue;
      events.push(
        escalationRaised(incident, {
          level: index + 1,
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

/** "handoff-to-mno activation: 3 open past their due time, for 15m; owner Network Operations". */
function summaryOf(incident: Incident, owner: Owner, condition: string, elapsedMs: number): string {
  const age = formatDuration(Math.max(60_000, Math.floor(elapsedMs / 60_000) * 60_000));
  return (
    `${incident.integrationPoint} ` +
    `${incident.operation === 'availability' ? '' : `${incident.operation}: `}` +
    `${condition}, for ${age}; owner ${owner.teamName}`
  );
}
