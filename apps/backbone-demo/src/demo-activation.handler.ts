import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { subscriberIdOf } from '@handoff/activation-requests';
import { EventTypes, type ActivationRequested, type SubscriberActivated } from '@handoff/contracts';
import { HandoffRpcContext } from '@handoff/messaging-nest';
import { PermanentError, RetryableError } from '@handoff/resilience';
import { DemoOutcomes } from './demo-outcomes';

/** Plan codes the scenario uses to make the backbone show its failure paths. */
export const DemoPlans = {
  Standard: 'DEMO-STANDARD',
  /** Fails with a retryable error on the first attempt, succeeds from the retry path. */
  FlakyVendor: 'DEMO-FLAKY-VENDOR',
  /** Fails permanently: lands in the dead-letter topic with its context. */
  UnknownIccid: 'DEMO-UNKNOWN-ICCID',
} as const;

/** A stand-in for the orchestrator: "provisions" by announcing the subscriber active. */
@Controller()
export class DemoActivationHandler {
  constructor(@Inject(DemoOutcomes) private readonly outcomes: DemoOutcomes) {}

  @EventPattern(EventTypes.ActivationRequested)
  async onActivationRequested(
    @Payload() request: ActivationRequested,
    @Ctx() ctx: HandoffRpcContext,
  ): Promise<void> {
    const { envelope, handling } = ctx;
    this.outcomes.recordAttempt(envelope.id, handling.attempt);
    if (request.planCode === DemoPlans.FlakyVendor && handling.attempt === 1) {
      throw new RetryableError('MNO.UNAVAILABLE', 'the MNO answered 503', {
        stage: 'vendor-call',
        integrationPoint: 'handoff-to-mno',
      });
    }
    if (request.planCode === DemoPlans.UnknownIccid) {
      throw new PermanentError('MNO.ICCID_UNKNOWN', 'the network does not know this ICCID', {
        stage: 'vendor-call',
        integrationPoint: 'handoff-to-mno',
      });
    }
    const activated = activatedFrom(request);
    handling.emit<SubscriberActivated>({
      type: EventTypes.SubscriberActivated,
      subject: activated.subjectId,
      data: activated,
    });
    this.outcomes.recordHandled(envelope.id);
  }
}

function activatedFrom(request: ActivationRequested): SubscriberActivated {
  const digits = request.iccid.slice(-9);
  const subscriberId = subscriberIdOf(request);
  return {
    subjectId: subscriberId,
    subscriberId,
    activationId: request.activationId,
    iccid: request.iccid,
    msisdn: request.msisdn ?? `1415${digits.slice(-7)}`,
    imsi: `310260${digits}`,
    planCode: request.planCode,
    channel: request.channel,
    dealerId: request.dealerId,
    paymentIntentId: null,
    taxTransactionId: null,
    amounts: null,
    requestedAt: request.requestedAt,
    activatedAt: Date.now(),
  };
}
