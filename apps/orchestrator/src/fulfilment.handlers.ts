import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import {
  EventTypes,
  type SimBatchShipped,
  type SimReportedLost,
  type SimReturned,
} from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { HandoffRpcContext } from '@handoff/messaging-nest';
import { FulfilmentIntake } from '@handoff/sim-inventory';

/**
 * The fulfilment partner's SIM facts, into the inventory the saga checks (docs/sim-inventory.md).
 * A mismatch the orchestrator publishes on the same topic has no handler here: the runner
 * acknowledges an event type no handler wants.
 */
@Controller()
export class FulfilmentHandlers {
  constructor(@Inject(FulfilmentIntake) private readonly intake: FulfilmentIntake) {}

  @EventPattern(EventTypes.SimBatchShipped)
  onBatchShipped(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    const envelope = ctx.envelope as EventEnvelope<SimBatchShipped>;
    return this.intake.onBatchShipped(envelope, ctx.handling);
  }

  @EventPattern(EventTypes.SimReportedLost)
  onReportedLost(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    const envelope = ctx.envelope as EventEnvelope<SimReportedLost>;
    return this.intake.onReportedLost(envelope, ctx.handling);
  }

  @EventPattern(EventTypes.SimReturned)
  onReturned(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    const envelope = ctx.envelope as EventEnvelope<SimReturned>;
    return this.intake.onReturned(envelope, ctx.handling);
  }
}
