import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { ActivationSaga, LifecycleService } from '@handoff/activation-saga';
import {
  EventTypes,
  type ActivationRedriveRequested,
  type ActivationRequested,
  type SimSwapRequested,
  type SubscriberDeactivationRequested,
  type SubscriberPlanChangeRequested,
  type SubscriberResumptionRequested,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { HandoffRpcContext } from '@handoff/messaging-nest';

/** Thin consumers: each hands the event to the saga, which is safe to run twice. */
@Controller()
export class LifecycleHandlers {
  constructor(
    @Inject(ActivationSaga) private readonly saga: ActivationSaga,
    @Inject(LifecycleService) private readonly lifecycle: LifecycleService,
  ) {}

  @EventPattern(EventTypes.ActivationRequested)
  onActivationRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    return this.saga.onRequested(ctx.envelope as EventEnvelope<ActivationRequested>, ctx.handling);
  }

  @EventPattern(EventTypes.ActivationRedriveRequested)
  onRedriveRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    return this.saga.onRedriveRequested(
      ctx.envelope as EventEnvelope<ActivationRedriveRequested>,
      ctx.handling,
    );
  }

  // Each lifecycle request places one MNO order, decided by the line's rules (docs/lifecycle.md).
  @EventPattern(EventTypes.SubscriberSuspensionRequested)
  onSuspensionRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    const envelope = ctx.envelope as EventEnvelope<SubscriberSuspensionRequested>;
    return this.lifecycle.onSuspensionRequested(envelope, ctx.handling.attempt);
  }

  @EventPattern(EventTypes.SubscriberResumptionRequested)
  onResumptionRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    const envelope = ctx.envelope as EventEnvelope<SubscriberResumptionRequested>;
    return this.lifecycle.onResumptionRequested(envelope, ctx.handling.attempt);
  }

  @EventPattern(EventTypes.SubscriberPlanChangeRequested)
  onPlanChangeRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    const envelope = ctx.envelope as EventEnvelope<SubscriberPlanChangeRequested>;
    return this.lifecycle.onPlanChangeRequested(envelope, ctx.handling.attempt);
  }

  @EventPattern(EventTypes.SubscriberDeactivationRequested)
  onDeactivationRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    const envelope = ctx.envelope as EventEnvelope<SubscriberDeactivationRequested>;
    return this.lifecycle.onDeactivationRequested(envelope, ctx.handling.attempt);
  }

  @EventPattern(EventTypes.SimSwapRequested)
  onSimSwapRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    const envelope = ctx.envelope as EventEnvelope<SimSwapRequested>;
    return this.lifecycle.onSimSwapRequested(envelope, ctx.handling.attempt);
  }
}
