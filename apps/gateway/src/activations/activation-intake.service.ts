import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Dealer } from '@handoff/access';
import {
  assignedSubscriberId,
  validateActivationRequest,
  type FieldError,
  type ValidationResult,
} from '@handoff/activation-requests';
import { ActivationRepository } from '@handoff/activation-saga';
import { Backbone } from '@handoff/messaging';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { checkInPortIn, PortInSecretStore } from '@handoff/port-in-secrets';
import { dealerActivation, type DealerActivation } from './activation-requested';
import { requestHash } from './canonical-hash';
import { DealerOwnership } from './dealer-ownership';
import { withKeyCheck } from './idempotency-key.header';
import { claimIdempotencyKey, findClaimedKey } from './idempotency-keys.store';
import { recordIntake } from './intake-ledger';
import { activePlanCodes } from './plans.store';

export interface AcceptedActivation {
  activationId: string;
  /** Assigned by the gateway at intake; the key of every event of this line. */
  subscriberId: string;
  state: string;
  correlationId: string;
}

export type IntakeResult =
  | { kind: 'invalid'; fields: FieldError[] }
  | { kind: 'conflict' }
  | { kind: 'accepted'; activation: AcceptedActivation; replayed: boolean };

export interface Submission {
  dealer: Dealer;
  body: unknown;
  /** The raw `Idempotency-Key` header; checked with the body. */
  idempotencyKey?: string;
}

/**
 * Turns a dealer's request into an activation: the saga row, the idempotency key, the ledger row
 * and the ActivationRequested event commit together or not at all; a refused request writes nothing.
 */
@Injectable()
export class ActivationIntake {
  private readonly log = new Logger(ActivationIntake.name);
  /** The saga's lib owns the activations table; the gateway writes its row through it. */
  private readonly activations = new ActivationRepository();

  constructor(
    @Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource,
    @Inject(Backbone) private readonly backbone: Backbone,
    @Inject(DealerOwnership) private readonly ownership: DealerOwnership,
    @Inject(PortInSecretStore) private readonly secrets: PortInSecretStore,
  ) {}

  async submit(submission: Submission): Promise<IntakeResult> {
    const checked = await this.validate(submission);
    if (!checked.ok) return { kind: 'invalid', fields: checked.fields };
    const hash = requestHash(submission.body);
    const prior = await this.replay(submission, hash);
    if (prior) return prior;
    const created = dealerActivation(checked.request, submission.dealer.dealerId, new Date());
    const won = await this.create(submission, hash, created);
    // Lost the race for the key to a concurrent request: answer as that request was answered.
    if (!won) return this.replayAfterRace(submission, hash);
    this.backbone.relay.wake();
    const { correlationId, event } = created;
    const { activationId, subscriberId } = event.data;
    // The request's log lines carry the HTTP correlation id; this one ties it to the activation.
    this.log.log({ activationId, subscriberId, eventId: correlationId }, 'activation accepted');
    const activation = {
      activationId,
      subscriberId: event.subject,
      state: 'acknowledged',
      correlationId,
    };
    return { kind: 'accepted', activation, replayed: false };
  }

  /** The body and the Idempotency-Key header, every failing field reported together. */
  private async validate(submission: Submission): Promise<ValidationResult> {
    const knownPlans = await activePlanCodes(this.db);
    const checked = validateActivationRequest(submission.body, { knownPlans });
    return withKeyCheck(checked, submission.idempotencyKey);
  }

  /** False when a concurrent request with the same idempotency key committed first. */
  private create(
    submission: Submission,
    hash: string,
    created: DealerActivation,
  ): Promise<boolean> {
    const { dealer, idempotencyKey: key } = submission;
    const { correlationId } = created;
    const team = this.ownership.team;
    return this.db.transaction(async (manager) => {
      if (key) {
        const { activationId } = created.event.data;
        const claim = { dealerId: dealer.dealerId, key, requestHash: hash, activationId };
        if (!(await claimIdempotencyKey(manager, claim))) return false;
      }
      // The PIN and account number stay here; the event and the saga row carry their claim check.
      const data = await checkInPortIn(manager, this.secrets, created.event.data);
      const event = { ...created.event, data };
      await this.activations.acknowledge(manager, data, { correlationId, ownerTeam: team });
      await recordIntake(manager, { correlationId, event, ownerTeam: team, idempotencyKey: key });
      await this.backbone.writeToOutbox(manager, [event]);
      return true;
    });
  }

  private async replay(submission: Submission, hash: string): Promise<IntakeResult | undefined> {
    const key = submission.idempotencyKey;
    if (!key) return undefined;
    const { dealerId } = submission.dealer;
    const claimed = await findClaimedKey(this.db, dealerId, key);
    const prior =
      claimed && (await this.activations.findForDealer(this.db, dealerId, claimed.activationId));
    if (!claimed || !prior) return undefined;
    if (claimed.requestHash !== hash) return { kind: 'conflict' };
    const { activationId, state, correlationId } = prior;
    const subscriberId = prior.subscriberId ?? assignedSubscriberId(activationId);
    const activation = { activationId, subscriberId, state, correlationId };
    return { kind: 'accepted', activation, replayed: true };
  }

  private async replayAfterRace(submission: Submission, hash: string): Promise<IntakeResult> {
    const result = await this.replay(submission, hash);
    if (!result)
      throw new Error('an idempotency key was claimed but its activation is not visible');
    return result;
  }
}
