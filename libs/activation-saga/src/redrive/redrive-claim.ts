import type { ActivationRedriveRequested } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import type { EntityManager } from 'typeorm';
import {
  isTerminal,
  type ActivationRecord,
  type ActivationRepository,
} from '../activation.repository';
import type { StepOutcome } from '../saga-commit';
import type { SagaLedger } from '../saga-ledger';
import { isHeldForTax } from '../tax-hold';

/**
 * The orchestrator's side of a redrive: the row to resume, or undefined. The operator's request
 * already took the row out of `held` under its lock, so here a row that is `inProgress` is resumed
 * from its step; one that ended, or is held again (a stale or replayed request), is left alone and
 * the ledger says why. The consumer's inbox and the per-subscriber order do the rest: one request
 * is handled to its end once, before anything else about that subscriber.
 */
export async function claimRedrive(
  db: EntityManager,
  repository: ActivationRepository,
  ledger: SagaLedger,
  envelope: EventEnvelope<ActivationRedriveRequested>,
): Promise<{ result: ActivationRecord | undefined } & StepOutcome> {
  const { activationId, redriveId } = envelope.data;
  const a = await repository.lock(db, activationId);
  const consumed = ledger.consumed(envelope);
  const left = a === undefined || isTerminal(a.state) || isHeldForTax(a);
  if (left) {
    const state = a?.state ?? 'unknown activation';
    const summary = { activationId, redriveId, state, reasonCode: a?.reasonCode ?? null };
    return {
      result: undefined,
      ledger: [consumed, ledger.outcome(envelope, 'redrive', 'ignored', summary)],
    };
  }
  const summary = { activationId, redriveId, fromStep: a.step, operator: envelope.data.operator };
  return { result: a, ledger: [consumed, ledger.outcome(envelope, 'redrive', 'resumed', summary)] };
}
