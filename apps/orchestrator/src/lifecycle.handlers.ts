import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { ActivationSaga, LifecycleService } from '@handoff/activation-saga';
import {
  EventTypes,
  type ActivationRedriveRequested,
  type ActivationRequested,
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

  @EventPattern(EventTypes.SubscriberSuspensionRequested)
  onSuspensionRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    return this.lifecycle.onSuspensionRequested(
      ctx.envelope as EventEnvelope<SubscriberSuspensionRequested>,
    );
  }
}
