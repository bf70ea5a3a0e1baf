import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { EventTypes, type PaymentRefundRequested, type PaymentRequested } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { HandoffRpcContext } from '@handoff/messaging-nest';
import { PaymentRequestFlow, RefundFlow } from '@handoff/payment-requests';

/**
 * Thin consumers; each flow is safe to run twice. Only the BSS's requests have a handler, so the
 * service never consumes its own outcomes on the same topic (the transport skips other types).
 */
@Controller()
export class PaymentHandlers {
  constructor(
    @Inject(PaymentRequestFlow) private readonly payments: PaymentRequestFlow,
    @Inject(RefundFlow) private readonly refunds: RefundFlow,
  ) {}

  @EventPattern(EventTypes.PaymentRequested)
  onPaymentRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    return this.payments.onRequested(ctx.envelope as EventEnvelope<PaymentRequested>, ctx.handling);
  }

  @EventPattern(EventTypes.PaymentRefundRequested)
  onRefundRequested(@Ctx() ctx: HandoffRpcContext): Promise<void> {
    return this.refunds.onRefundRequested(
      ctx.envelope as EventEnvelope<PaymentRefundRequested>,
      ctx.handling,
    );
  }
}
