import { randomUUID } from 'node:crypto';
import type { LedgerEntry } from '@handoff/audit';
import { EventTypes, type ActivationRedriveRequested, type Reason } from '@handoff/contracts';
import { toReason } from '@handoff/dead-letters';
import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import type { ActivationRecord } from '../activation.repository';

export interface RedriveDecision {
  redriveId: string;
  operatorId: string;
  reason: string;
  at: number;
  /** The integration point whose fix the redrive follows (the hold's owner). */
  integrationPoint: string;
  ownerTeam: string;
}

export function newRedriveDecision(
  operatorId: string,
  reason: string,
  owner: { integrationPoint: string; ownerTeam: string },
): RedriveDecision {
  return { redriveId: randomUUID(), operatorId, reason, at: Date.now(), ...owner };
}

/** `TAX.CONFIG_FIXED: CHG-812` keeps its code; any other text gets `OPS.REDRIVE_REQUESTED`. */
export const redriveReason = (text: string): Reason => toReason(text, 'OPS.REDRIVE_REQUESTED');

/** Keyed by the subscriber, so it is ordered with the activation's own events. */
export function redriveRequested(
  a: ActivationRecord,
  d: RedriveDecision,
): NewEvent<ActivationRedriveRequested> {
  return {
    id: d.redriveId,
    type: EventTypes.ActivationRedriveRequested,
    subject: a.subscriberId,
    integrationPoint: d.integrationPoint,
    data: {
      subjectId: a.subscriberId,
      activationId: a.activationId,
      subscriberId: a.subscriberId,
      redriveId: d.redriveId,
      heldReasonCode: a.reasonCode ?? '',
      heldStep: a.step,
      operator: d.operatorId,
      reason: redriveReason(d.reason),
      requestedAt: d.at,
    },
  };
}

/** The operator's decision in the activation's correlation chain, so its trace shows who and why. */
export function redriveLedgerEntry(a: ActivationRecord, d: RedriveDecision): LedgerEntry {
  return {
    occurredAt: new Date(d.at),
    correlationId: a.correlationId,
    eventId: d.redriveId,
    eventType: EventTypes.ActivationRedriveRequested,
    kind: 'redrive',
    actor: `operator:${d.operatorId}`,
    integrationPoint: d.integrationPoint,
    ownerTeam: d.ownerTeam,
    subject: a.subscriberId,
    summary: {
      activationId: a.activationId,
      redriveId: d.redriveId,
      heldReasonCode: a.reasonCode,
      heldStep: a.step,
      reason: d.reason,
    },
    outcome: 'requested',
  };
}

/** What the outbox stamps the request from: the activation's correlation, the decision as cause. */
export function redriveCause(a: ActivationRecord, d: RedriveDecision): EventEnvelope {
  return {
    id: d.redriveId,
    type: EventTypes.ActivationRedriveRequested,
    source: `operator:${d.operatorId}`,
    time: new Date(d.at).toISOString(),
    subject: a.subscriberId,
    correlationId: a.correlationId,
    causationId: d.redriveId,
    traceparent: '',
    integrationPoint: d.integrationPoint,
    ownerTeam: d.ownerTeam,
    data: null,
  };
}
