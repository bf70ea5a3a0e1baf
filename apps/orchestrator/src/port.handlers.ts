import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { PortInService, PortOutService } from '@handoff/activation-saga';
import { EventTypes, type PortInRequested, type PortOutNotified } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { HandoffRpcContext } from '@handoff/messaging-nest';

/** Numbers coming and going: thin consumers, each safe to run twice. */
@Controller()
export class PortHandlers {
  constructor(
    @Inject(PortInService) private readonly portIn: PortInService,
    @Inject(PortOutService) private readonly portOut: PortOutService,
  ) {}

  @EventPattern(EventTypes.PortInRequested)
  onPortInRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    return this.portIn.onRequested(ctx.envelope as EventEnvelope<PortInRequested>);
  }

  @EventPattern(EventTypes.PortOutNotified)
  onPortOutNotified(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    return this.portOut.onNotified(ctx.envelope as EventEnvelope<PortOutNotified>);
  }
}
