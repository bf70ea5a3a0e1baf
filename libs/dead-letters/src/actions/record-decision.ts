import type { EntityManager } from 'typeorm';
import { recordLedger } from '@handoff/audit';
import type { NewEvent } from '@handoff/messaging';
import type { DeadLetterEntry } from '../browse/dead-letter-browser';
import type { DeadLetterStatus } from '../dead-letter';
import type { DeadLetterOpsDeps } from '../ops-deps';
import { lockDeadLetter, recordAction, statusOf } from './dead-letter-actions.store';
import { causeOf, decisionLedgerEntry, type OpsDecision } from './ops-facts';

export interface Decision {
  kind: 'replay' | 'discard';
  decision: OpsDecision;
  force: boolean;
  event: NewEvent;
  ledgerExtra?: Record<string, unknown>;
  /** Asked inside the transaction, after the status check: why not to act, or undefined. */
  refuse?: (manager: EntityManager) => Promise<string | undefined>;
  /** Runs inside the transaction, after the checks and before anything is recorded (the replay send). */
  act?: () => Promise<void>;
}

/**
 * Records an ops decision on one dead letter: the action row, the ledger row and the ops event (via
 * the outbox) commit together, under a lock on the dead letter. A replay's send happens inside, as
 * the consumer does with its dead letters: a failed send records nothing. Returns why it was
 * refused, or undefined when it was recorded.
 */
export async function recordDecision(
  deps: DeadLetterOpsDeps,
  { record, deadLetter }: DeadLetterEntry,
  d: Decision,
): Promise<string | undefined> {
  const refusal = await deps.dataSource.transaction(async (manager) => {
    await lockDeadLetter(manager, deadLetter);
    const status = await statusOf(manager, deadLetter);
    if (!d.force && status.state !== 'open') return refusalOf(status);
    const refused = await d.refuse?.(manager);
    if (refused) return refused;
    await d.act?.();
    await recordAction(manager, {
      subject: deadLetter,
      consumerGroup: deadLetter.consumerGroup,
      eventId: deadLetter.eventId,
      action: d.kind,
      operatorId: d.decision.operatorId,
      reason: d.decision.reason,
      replayId: d.kind === 'replay' ? d.decision.decisionId : undefined,
    });
    const entry = decisionLedgerEntry(deadLetter, record.key, d.decision, d.kind, d.ledgerExtra);
    await recordLedger(manager, [entry]);
    await deps.backbone.writeToOutbox(manager, [d.event], causeOf(record));
    return undefined;
  });
  if (!refusal) deps.backbone.relay.wake();
  return refusal;
}

export function refusalOf(status: DeadLetterStatus): string | undefined {
  if (status.state === 'replayed') {
    return `already replayed by ${status.by} at ${status.at} (replay ${status.replayId}); force to replay again`;
  }
  if (status.state === 'discarded') {
    return `discarded by ${status.by} at ${status.at} ("${status.reason}"); force to act on it again`;
  }
  return undefined;
}
