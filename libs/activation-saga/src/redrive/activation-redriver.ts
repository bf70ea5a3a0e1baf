import { recordLedger } from '@handoff/audit';
import type { Backbone } from '@handoff/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { intakePointOf } from '../activation-intake';
import { ActivationRepository, isTerminal, type ActivationRecord } from '../activation.repository';
import {
  newRedriveDecision,
  redriveCause,
  redriveLedgerEntry,
  redriveRequested,
  type RedriveDecision,
} from './redrive-facts';
import {
  REDRIVABLE_HOLDS,
  validRedrive,
  type RedriveOutcome,
  type RedriveReport,
  type RedriveRequest,
  type RedriveResult,
  type ValidRedrive,
} from './redrive-request';

export interface ActivationRedriverDeps {
  dataSource: DataSource;
  /** The outbox the requests go through, and its relay (woken after each commit). */
  backbone: Pick<Backbone, 'writeToOutbox' | 'relay'>;
  /** The team responsible for an integration point (the ownership matrix). */
  ownerTeamOf(integrationPointId: string): string;
}

/**
 * Ops' side of resuming held activations. Each one is taken out of `held` under its row lock, in
 * the transaction that writes `ActivationRedriveRequested` (outbox, keyed by the subscriber) and
 * the operator's ledger row: of two operators at once, or the same command run twice, exactly one
 * request is sent per hold; the other finds the row no longer held and skips it. The orchestrator
 * consumes the request and carries the saga on from the row's step (decision 36).
 */
export class ActivationRedriver {
  private readonly repository = new ActivationRepository();

  constructor(private readonly deps: ActivationRedriverDeps) {}

  async redrive(request: RedriveRequest): Promise<RedriveReport> {
    const valid = validRedrive(request);
    const { ids, complete } = await this.candidates(valid);
    const results: RedriveResult[] = [];
    for (const activationId of ids) {
      const result = await this.one(activationId, valid, request);
      results.push(result);
      request.onProgress?.(results.length, ids.length, result);
    }
    return {
      dryRun: request.dryRun === true,
      operatorId: request.operator.operatorId,
      reason: valid.reason,
      counts: countsOf(results),
      results,
      complete,
    };
  }

  /** Waits until the requests of this run have left the outbox; false at the deadline. */
  async flush(report: RedriveReport, timeoutMs = 10_000): Promise<boolean> {
    const ids = report.results.flatMap((r) => (r.redriveId ? [r.redriveId] : []));
    if (ids.length === 0) return true;
    this.deps.backbone.relay.start();
    this.deps.backbone.relay.wake();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [row] = await this.deps.dataSource.query<{ pending: number }[]>(
        `SELECT count(*)::int AS pending FROM outbox
          WHERE sent_at IS NULL AND headers->>'ce_id' = ANY($1::text[])`,
        [ids],
      );
      if ((row?.pending ?? 0) === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  /** The named activations, or the oldest held ones; one more than the limit tells "incomplete". */
  private async candidates(v: ValidRedrive): Promise<{ ids: string[]; complete: boolean }> {
    if (v.activationIds) return { ids: [...v.activationIds], complete: true };
    const rows = await this.deps.dataSource.query<{ activation_id: string }[]>(
      `SELECT activation_id FROM activations
        WHERE state = 'held' AND reason_code = ANY($1::text[])
        ORDER BY updated_at, activation_id LIMIT $2`,
      [v.reasonCodes, v.limit + 1],
    );
    const ids = rows.map((r) => r.activation_id);
    return { ids: ids.slice(0, v.limit), complete: ids.length <= v.limit };
  }

  private async one(
    activationId: string,
    v: ValidRedrive,
    request: RedriveRequest,
  ): Promise<RedriveResult> {
    const result = await this.deps.dataSource.transaction(async (db) => {
      const a = await this.repository.lock(db, activationId);
      if (!a) return notFound(activationId);
      const refusal = refusalOf(a, v.reasonCodes);
      if (refusal) return resultOf(a, 'skipped', refusal);
      if (request.dryRun) return resultOf(a, 'wouldRedrive', wouldDo(a));
      const point = REDRIVABLE_HOLDS[a.reasonCode!];
      const decision = newRedriveDecision(request.operator.operatorId, v.reason, {
        integrationPoint: point,
        ownerTeam: this.deps.ownerTeamOf(point),
      });
      await this.release(db, a, decision);
      return { ...resultOf(a, 'redriven', wouldDo(a)), redriveId: decision.redriveId };
    });
    if (result.redriveId) this.deps.backbone.relay.wake();
    return result;
  }

  /**
   * Out of `held`, the request in the outbox and the decision in the ledger: one transaction. The
   * hold's owner gives the activation back to its intake's team, who owned it before the hold.
   */
  private async release(db: EntityManager, a: ActivationRecord, d: RedriveDecision) {
    await this.repository.update(db, a.activationId, {
      state: 'inProgress',
      reasonCode: null,
      reasonMessage: null,
      ownerTeam: this.deps.ownerTeamOf(intakePointOf(a)),
    });
    await this.deps.backbone.writeToOutbox(db, [redriveRequested(a, d)], redriveCause(a, d));
    await recordLedger(db, [redriveLedgerEntry(a, d)]);
  }
}

/** Why this activation is not re-driven, as a sentence an operator reads; undefined when it is. */
function refusalOf(a: ActivationRecord, reasonCodes: readonly string[]): string | undefined {
  if (a.state === 'held' && a.reasonCode && reasonCodes.includes(a.reasonCode)) return undefined;
  if (a.state === 'held') {
    return (
      `it is held for ${a.reasonCode ?? 'an outage'}, which clears by itself once the vendor ` +
      `recovers; only ${reasonCodes.join(', ')} holds are re-driven by hand`
    );
  }
  if (isTerminal(a.state))
    return `it has already ${ENDED[a.state] ?? a.state}, so there is nothing to re-drive`;
  // Of two operators at once, the second waited for the first one's row lock and lands here.
  return (
    `it is not held but in progress at step ${a.step} (another operator or an earlier run ` +
    're-drove it already), so there is nothing to re-drive'
  );
}

const ENDED: Readonly<Record<string, string>> = {
  completed: 'completed',
  failed: 'failed',
  rejected: 'been rejected',
};

const wouldDo = (a: ActivationRecord) =>
  `resume at ${a.step}: quote the tax again at ${a.money.taxJurisdictionCode ?? '?'}, then authorize, provision, capture and commit`;

function resultOf(a: ActivationRecord, outcome: RedriveOutcome, detail: string): RedriveResult {
  return {
    activationId: a.activationId,
    outcome,
    subscriberId: a.subscriberId,
    heldReasonCode: a.state === 'held' ? a.reasonCode : null,
    heldStep: a.state === 'held' ? a.step : null,
    detail,
  };
}

const notFound = (activationId: string): RedriveResult => ({
  activationId,
  outcome: 'notFound',
  subscriberId: null,
  heldReasonCode: null,
  heldStep: null,
  detail: 'no such activation',
});

function countsOf(results: readonly RedriveResult[]): Record<RedriveOutcome, number> {
  const counts = { redriven: 0, wouldRedrive: 0, skipped: 0, notFound: 0 };
  for (const r of results) counts[r.outcome] += 1;
  return counts;
}
