import { randomUUID } from 'node:crypto';
import type { DeadLetterBrowser, DeadLetterEntry } from '../browse/dead-letter-browser';
import type { DeadLetterRef } from '../dead-letter';
import { InvalidDeadLetterInputError } from '../dead-letter-errors';
import type { DeadLetterOpsDeps, OpsActor } from '../ops-deps';
import { requireReason } from '../replay/replay-request';
import { discardedEvent } from './ops-facts';
import { recordDecision } from './record-decision';

export interface DiscardRequest {
  refs: readonly DeadLetterRef[];
  reason: string;
  operator: OpsActor;
  force?: boolean;
}

export interface DiscardResult {
  id: string;
  eventId: string | null;
  outcome: 'discarded' | 'refused' | 'failed';
  discardId: string | null;
  message: string;
}

/** Closes dead letters that must not be replayed, with the reason on record. */
export class DeadLetterDiscarder {
  constructor(
    private readonly deps: DeadLetterOpsDeps,
    private readonly browser: DeadLetterBrowser,
  ) {}

  async discard(req: DiscardRequest): Promise<DiscardResult[]> {
    const reason = requireReason(req.reason);
    if (req.refs.length === 0)
      throw new InvalidDeadLetterInputError('name the dead letters to discard');
    const entries = await this.browser.byRefs(req.refs);
    const results: DiscardResult[] = [];
    for (const entry of entries) results.push(await this.discardOne(entry, reason, req));
    return results;
  }

  private async discardOne(
    entry: DeadLetterEntry,
    reason: string,
    req: DiscardRequest,
  ): Promise<DiscardResult> {
    const { id, eventId } = entry.deadLetter;
    const decision = {
      decisionId: randomUUID(),
      operatorId: req.operator.operatorId,
      reason,
      at: Date.now(),
    };
    const guard = this.deps.refuseDiscard;
    try {
      const refused = await recordDecision(this.deps, entry, {
        kind: 'discard',
        decision,
        force: req.force ?? false,
        refuse: guard && ((db) => guard(db, entry.deadLetter, entry.record.key)),
        event: discardedEvent(entry.deadLetter, entry.record.key, decision),
      });
      if (refused) return { id, eventId, outcome: 'refused', discardId: null, message: refused };
      return {
        id,
        eventId,
        outcome: 'discarded',
        discardId: decision.decisionId,
        message: 'discarded',
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { id, eventId, outcome: 'failed', discardId: null, message };
    }
  }
}
