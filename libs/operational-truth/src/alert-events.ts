import {
  EventTypes,
  type EscalationRaised,
  type EscalationResolved,
  type JeopardyCleared,
  type JeopardyRaised,
  type SlaBreachCleared,
  type SlaBreached,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { Owner } from '@handoff/ownership';
import type { Incident } from './incident.store';
import type { Jeopardy } from './jeopardy.store';

/**
 * The alerts paging tools subscribe to. Keyed by incident id, so one incident's alerts stay in
 * order; each names the integration point it is about, so the envelope carries that point's owner.
 */
function alert<T>(type: string, incident: Incident, data: T): NewEvent<T> {
  return { type, subject: incident.incidentId, data, integrationPoint: incident.integrationPoint };
}

const ms = (date: Date) => date.getTime();

/** What both jeopardy alerts say of the work. */
const workOf = (incident: Incident, j: Jeopardy) => ({
  subjectId: j.subjectId,
  incidentId: incident.incidentId,
  integrationPoint: j.integrationPoint,
  operation: j.operation,
  workRef: j.workRef,
  correlationId: j.correlationId,
  raisedAt: ms(j.raisedAt),
});

export function jeopardyRaised(incident: Incident, j: Jeopardy, owner: Owner): NewEvent {
  return alert<JeopardyRaised>(EventTypes.JeopardyRaised, incident, {
    ...workOf(incident, j),
    ownerTeam: owner.team,
    ownerTeamName: owner.teamName,
    accountable: owner.accountable.name,
    openedAt: ms(j.openedAt),
    dueAt: ms(j.dueAt),
  });
}

export function jeopardyCleared(incident: Incident, j: Jeopardy, clearedAt: Date): NewEvent {
  return alert<JeopardyCleared>(EventTypes.JeopardyCleared, incident, {
    ...workOf(incident, j),
    clearedAt: ms(clearedAt),
  });
}

export interface BreachMeasurement {
  samples: number;
  windowStart: Date;
  windowEnd: Date;
}

export function slaBreached(incident: Incident, owner: Owner, m: BreachMeasurement): NewEvent {
  return alert<SlaBreached>(EventTypes.SlaBreached, incident, {
    subjectId: null,
    incidentId: incident.incidentId,
    integrationPoint: incident.integrationPoint,
    operation: incident.operation,
    measure: incident.measure ?? 'unknown',
    ownerTeam: owner.team,
    target: incident.target ?? '',
    actual: incident.actual ?? '',
    samples: m.samples,
    windowStart: ms(m.windowStart),
    windowEnd: ms(m.windowEnd),
    evidence: incident.evidence,
  });
}

export function slaBreachCleared(incident: Incident, actual: string, clearedAt: Date): NewEvent {
  return alert<SlaBreachCleared>(EventTypes.SlaBreachCleared, incident, {
    subjectId: null,
    incidentId: incident.incidentId,
    integrationPoint: incident.integrationPoint,
    operation: incident.operation,
    measure: incident.measure ?? 'unknown',
    actual,
    breachedAt: ms(incident.openedAt),
    clearedAt: ms(clearedAt),
  });
}

export interface RaisedLevel {
  level: number;
  who: string;
  contact: string;
  afterMs: number;
  summary: string;
  raisedAt: Date;
}

export function escalationRaised(incident: Incident, raised: RaisedLevel): NewEvent {
  return alert<EscalationRaised>(EventTypes.EscalationRaised, incident, {
    subjectId: null,
    incidentId: incident.incidentId,
    integrationPoint: incident.integrationPoint,
    incidentKind: incident.kind,
    operation: incident.operation,
    level: raised.level,
    who: raised.who,
    contact: raised.contact,
    afterMs: raised.afterMs,
    summary: raised.summary,
    openedAt: ms(incident.openedAt),
    raisedAt: ms(raised.raisedAt),
  });
}

export function escalationResolved(
  incident: Incident,
  levelsRaised: number,
  resolvedAt: Date,
): NewEvent {
  return alert<EscalationResolved>(EventTypes.EscalationResolved, incident, {
    subjectId: null,
    incidentId: incident.incidentId,
    integrationPoint: incident.integrationPoint,
    incidentKind: incident.kind,
    operation: incident.operation,
    levelsRaised,
    openedAt: ms(incident.openedAt),
    resolvedAt: ms(resolvedAt),
  });
}
