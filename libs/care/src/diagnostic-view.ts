import type { Sim } from '@handoff/sim-inventory';
import { lastFour } from './care-masking';
import { handoffsOf, openDeadLettersOf, type TeamName } from './care-trail';
import type {
  ActivationView,
  DeadLetterView,
  DiagnosticView,
  JeopardyView,
  LineAtMno,
  SimView,
  WorkView,
} from './care-view';
import { statusSentence } from './status-sentence';
import type { SubscriberFacts } from './subscriber-facts';

const HANDOFFS_SHOWN = 15;
const OPEN_ACTIVATION = new Set(['acknowledged', 'inProgress', 'held']);

export function maskedLine(mno: LineAtMno): LineAtMno {
  if (mno.read !== 'found') return mno;
  const { readAt, state, planCode } = mno;
  return {
    read: 'found',
    readAt,
    state,
    planCode,
    msisdn: lastFour(mno.msisdn),
    iccid: lastFour(mno.iccid),
    imsi: lastFour(mno.imsi),
  };
}

function simView(sim: Sim): SimView {
  const shippedTo = sim.shippedToDealer
    ? `dealer ${sim.shippedToDealer}`
    : sim.shippedToOrder
      ? 'a direct-to-customer order'
      : null;
  return {
    state: sim.state,
    batchId: sim.batchId,
    shippedTo,
    imsi: lastFour(sim.imsi),
    imsiMatchesMno: sim.mnoImsi === null,
  };
}

function openWorkOf({ records }: SubscriberFacts): WorkView[] {
  const activations = records.activations
    .filter((a) => OPEN_ACTIVATION.has(a.state))
    .map((a) => ({ kind: 'activation', ref: a.activationId, state: a.state, since: a.updatedAt }));
  const requests = records.openRequests.map((r) => ({
    kind: r.kind,
    ref: r.requestId,
    state: 'inProgress',
    since: r.openedAt,
  }));
  return [...activations, ...requests];
}

/** Every raw identifier the facts hold, so none leaves unmasked whatever field it ended up in. */
export function identifiersIn(facts: SubscriberFacts, mno: LineAtMno | null): (string | null)[] {
  const { line, activations, subscriberId } = facts.records;
  return [
    subscriberId,
    line?.msisdn ?? null,
    line?.iccid ?? null,
    line?.imsi ?? null,
    ...activations.flatMap((a) => [a.iccid, a.msisdn, a.imsi, a.subscriberId]),
    facts.sim?.imsi ?? null,
    facts.sim?.mnoImsi ?? null,
    ...(mno?.read === 'found' ? [mno.msisdn, mno.iccid, mno.imsi] : []),
  ];
}

/** How the view names owners: a team by its display name, a point by its team's. */
export interface OwnerNames {
  team: TeamName;
  ofPoint: (integrationPoint: string) => string;
}

function jeopardiesOf({ jeopardies }: SubscriberFacts, names: OwnerNames): JeopardyView[] {
  return jeopardies.map((j) => ({
    operation: j.operation,
    // A lifecycle request's work ref starts with the raw subscriber id: care sees the request id.
    ref: j.workRef.split('/').pop() ?? j.workRef,
    integrationPoint: j.integrationPoint,
    owner: names.ofPoint(j.integrationPoint),
    dueAt: j.dueAt,
    raisedAt: j.raisedAt,
  }));
}

function statusOf(
  facts: SubscriberFacts,
  mno: LineAtMno | null,
  names: OwnerNames,
  found: { deadLetters: DeadLetterView[]; jeopardies: JeopardyView[] },
): string {
  const { line, openRequests, activations } = facts.records;
  const [latest] = activations;
  const [deadLetter] = found.deadLetters;
  const [jeopardy] = found.jeopardies;
  return statusSentence({
    activation: latest && {
      state: latest.state,
      step: latest.step,
      reasonCode: latest.reasonCode,
      ownerTeam: latest.ownerTeam && names.team(latest.ownerTeam),
      since: latest.updatedAt,
    },
    hold: facts.hold,
    deadLetter: deadLetter && { ownerTeam: deadLetter.owner, since: deadLetter.since },
    jeopardy: jeopardy && {
      operation: jeopardy.operation,
      ownerTeam: jeopardy.owner,
      dueAt: jeopardy.dueAt,
    },
    openRequest: openRequests[0] && { kind: openRequests[0].kind, since: openRequests[0].openedAt },
    line: line && { state: line.state, suspensionReason: line.suspensionReason },
    mnoState: mno?.read === 'found' ? mno.state : undefined,
  });
}

function activationsOf({ records }: SubscriberFacts, names: OwnerNames): ActivationView[] {
  return records.activations.map((a) => ({
    activationId: a.activationId,
    state: a.state,
    step: a.step,
    reasonCode: a.reasonCode,
    owner: a.ownerTeam && names.team(a.ownerTeam),
    requestedAt: a.requestedAt,
    updatedAt: a.updatedAt,
  }));
}

/** The view care receives: each identifier masked to its last four, each team by its name. */
export function buildView(
  facts: SubscriberFacts,
  mno: LineAtMno | null,
  names: OwnerNames,
): DiagnosticView {
  const { line, activations, subscriberId } = facts.records;
  const [latest] = activations;
  const deadLetters = openDeadLettersOf(facts.trail, names.team);
  const jeopardies = jeopardiesOf(facts, names);
  return {
    subscriber: {
      subscriberId: lastFour(subscriberId),
      msisdn: lastFour(line?.msisdn ?? latest?.msisdn),
      iccid: lastFour(line?.iccid ?? latest?.iccid),
    },
    status: statusOf(facts, mno, names, { deadLetters, jeopardies }),
    line: {
      handoff: line
        ? {
            state: line.state,
            planCode: line.planCode,
            suspensionReason: line.suspensionReason,
            imsi: lastFour(line.imsi),
          }
        : null,
      mno: mno && maskedLine(mno),
    },
    plan: line?.planCode ?? latest?.planCode ?? null,
    sim: facts.sim ? simView(facts.sim) : null,
    activations: activationsOf(facts, names),
    openWork: openWorkOf(facts),
    deadLetters,
    jeopardies,
    handoffs: handoffsOf(facts.trail, names.team, HANDOFFS_SHOWN),
    lookedUpAt: new Date(),
  };
}
