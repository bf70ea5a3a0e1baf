import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Dealer } from '@handoff/access';
import {
  validatePlanChangeRequest,
  type FieldError,
  type PlanChangeValidation,
} from '@handoff/activation-requests';
import { isDealersSubscriber } from '@handoff/activation-saga';
import { Backbone } from '@handoff/messaging';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { requestHash } from '../activations/canonical-hash';
import { DealerOwnership } from '../activations/dealer-ownership';
import { withKeyCheck } from '../activations/idempotency-key.header';
import { activePlanCodes } from '../activations/plans.store';
import { recordPlanChangeIntake } from './plan-change-ledger';
import { PlanChangeQuery, type PlanChangeView } from './plan-change-query.service';
import { dealerPlanChange } from './plan-change-requested';
import { insertPlanChange, planChangeWithKey } from './plan-changes.store';

export type PlanChangeResult =
  | { kind: 'invalid'; fields: FieldError[] }
  | { kind: 'notFound' }
  | { kind: 'conflict' }
  | { kind: 'accepted'; request: PlanChangeView; replayed: boolean };

export interface PlanChangeSubmission {
  dealer: Dealer;
  subscriberId: string;
  body: unknown;
  /** The raw `Idempotency-Key` header; checked with the body. */
  idempotencyKey?: string;
}

/**
 * Turns a dealer's plan change into a SubscriberPlanChangeRequested: the gateway's record, the
 * ledger row and the event commit together or not at all. Whether the line can take the plan is
 * the orchestrator's to decide; the dealer follows the request to see.
 */
@Injectable()
export class PlanChangeIntake {
  private readonly log = new Logger(PlanChangeIntake.name);

  constructor(
    @Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource,
    @Inject(Backbone) private readonly backbone: Backbone,
    @Inject(DealerOwnership) private readonly ownership: DealerOwnership,
    @Inject(PlanChangeQuery) private readonly query: PlanChangeQuery,
  ) {}

  async submit(submission: PlanChangeSubmission): Promise<PlanChangeResult> {
    const checked = await this.validate(submission);
    if (!checked.ok) return { kind: 'invalid', fields: checked.fields };
    const { dealer, subscriberId } = submission;
    // Another dealer's line answers exactly like an unknown one.
    if (!(await isDealersSubscriber(this.db, dealer.dealerId, subscriberId))) {
      return { kind: 'notFound' };
    }
    // The key is bound to the line as well as the body: the same body for another line is another request.
    const hash = requestHash({ subscriberId, body: submission.body });
    const prior = await this.replay(submission, hash);
    if (prior) return prior;
    const created = await this.create(submission, checked.request.planCode, hash);
    return created ?? this.replayAfterRace(submission, hash);
  }

  /** The body and the Idempotency-Key header, every failing field reported together. */
  private async validate(submission: PlanChangeSubmission): Promise<PlanChangeValidation> {
    const knownPlans = await activePlanCodes(this.db);
    const checked = validatePlanChangeRequest(submission.body, { knownPlans });
    return withKeyCheck(checked, submission.idempotencyKey);
  }

  /** Undefined when a concurrent request with the same idempotency key committed first. */
  private async create(
    submission: PlanChangeSubmission,
    planCode: string,
    hash: string,
  ): Promise<PlanChangeResult | undefined> {
    const { dealer, subscriberId, idempotencyKey } = submission;
    const ask = { dealerId: dealer.dealerId, subscriberId, planCode, idempotencyKey };
    const { change, event } = dealerPlanChange(ask, hash, new Date());
    const won = await this.db.transaction(async (manager) => {
      if (!(await insertPlanChange(manager, change))) return false;
      await recordPlanChangeIntake(manager, change, this.ownership.team, event.type);
      await this.backbone.writeToOutbox(manager, [event]);
      return true;
    });
    if (!won) return undefined;
    this.backbone.relay.wake();
    const { requestId, correlationId } = change;
    this.log.log({ requestId, subscriberId, eventId: correlationId }, 'plan change accepted');
    return { kind: 'accepted', request: await this.query.viewOf(change), replayed: false };
  }

  private async replay(
    submission: PlanChangeSubmission,
    hash: string,
  ): Promise<PlanChangeResult | undefined> {
    const key = submission.idempotencyKey;
    if (!key) return undefined;
    const prior = await planChangeWithKey(this.db, submission.dealer.dealerId, key);
    if (!prior) return undefined;
    if (prior.requestHash !== hash) return { kind: 'conflict' };
    return { kind: 'accepted', request: await this.query.viewOf(prior), replayed: true };
  }

  private async replayAfterRace(
    submission: PlanChangeSubmission,
    hash: string,
  ): Promise<PlanChangeResult> {
    const result = await this.replay(submission, hash);
    if (!result)
      throw new Error('an idempotency key was claimed but its plan change is not visible');
    return result;
  }
}
